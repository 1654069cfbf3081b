import { OBSKIT_VERSION } from "./version";

/** Tags every obskit child carries, on top of the user's own. */
export function componentTags(
  component: string,
  userTags: Record<string, string> = {},
): Record<string, string> {
  return { ...userTags, "obskit:component": component, "obskit:version": OBSKIT_VERSION };
}
