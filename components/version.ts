import * as pkg from "../package.json";

/** The obskit package version, stamped on every child resource as the `obskit:version` tag. */
export const OBSKIT_VERSION: string = pkg.version;
