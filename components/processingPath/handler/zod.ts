/**
 * The zod functions the processor uses, from the tree-shakable `zod/mini` API, with only the
 * English messages. Import as `import * as z from "./zod"`. (The classic `zod` entry, or re-exporting
 * the whole `zod/mini` namespace, pulls every locale and method into the bundle: ~420 KB minified.)
 */
import { config } from "zod/mini";
import en from "zod/v4/locales/en.js";

config(en());

export {
  _default,
  maximum,
  maxLength,
  minimum,
  number,
  object,
  optional,
  pipe,
  prettifyError,
  refine,
  regex,
  safeParse,
  string,
  superRefine,
  transform,
} from "zod/mini";
