/**
 * The obskit package version (semantic versioning), stamped on every component as its `version`
 * output and on every taggable child as the `obskit:version` tag. It must equal the `version` of
 * `components/package.json` and have a section in `CHANGELOG.md` (both checked by the tests); bump
 * all three together.
 */
export const VERSION = "0.2.0";
