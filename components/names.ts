/**
 * The characters AWS allows in the names a user gives: log group names (CloudWatch Logs' own
 * pattern, written here once for every component, the stack settings and the CLI), and the
 * characters no AWS name may contain (control and invisible characters), checked on free-text
 * names such as alarm names, filter names, tag values and API names.
 */
import { problem, type ArgumentProblem } from "./errors";

/** The characters of a log group name, as a regular-expression character class body: `A-Z a-z 0-9 . - _ / #`. */
export const LOG_GROUP_NAME_CHARACTERS = ".\\-_/#A-Za-z0-9";

/** A log group name CloudWatch Logs accepts: 1 to 512 of {@link LOG_GROUP_NAME_CHARACTERS}. */
export const LOG_GROUP_NAME = new RegExp(`^[${LOG_GROUP_NAME_CHARACTERS}]{1,512}$`);

/** What {@link LOG_GROUP_NAME} allows, in words, for messages. */
export const LOG_GROUP_NAME_RULE = "1-512 characters of letters, digits and . - _ / #";

const NOT_LOG_GROUP_NAME_CHARACTER = new RegExp(`[^${LOG_GROUP_NAME_CHARACTERS}]`, "g");

/** `text` with every character a log group name may not contain replaced by `-` (`my api` → `my-api`). */
export function toLogGroupNameCharacters(text: string): string {
  return text.replace(NOT_LOG_GROUP_NAME_CHARACTER, "-");
}

/** Why a code point may not appear in a name, or undefined when it may. */
function unsafeKind(code: number): string | undefined {
  if (code <= 0x1f || code === 0x7f) return "a control character";
  if (code >= 0x80 && code <= 0x9f) return "a C1 control character";
  if (code >= 0xd800 && code <= 0xdfff) return "an unpaired surrogate";
  if (code === 0x200e || code === 0x200f || code === 0x061c || (code >= 0x202a && code <= 0x202e))
    return "a bidirectional control character";
  if (code >= 0x2066 && code <= 0x2069) return "a bidirectional isolate";
  if ((code >= 0x200b && code <= 0x200d) || code === 0x2060 || code === 0xfeff || code === 0x180e)
    return "a zero-width character";
  if (code === 0x00ad) return "a soft hyphen (invisible)";
  if (code === 0x2028 || code === 0x2029) return "a line or paragraph separator";
  if (code === 0xfffe || code === 0xffff || (code >= 0xfdd0 && code <= 0xfdef) || (code & 0xfffe) === 0xfffe)
    return "a Unicode noncharacter";
  if (code >= 0xfff9 && code <= 0xfffb) return "an interlinear annotation character";
  return undefined;
}

/** One character a name may not contain: where it is (in UTF-16 units), its code point, why. */
export interface UnsafeCharacter {
  readonly index: number;
  readonly codePoint: number;
  readonly kind: string;
}

/** Every control or invisible character of `text`, in order (a surrogate pair is one character). */
export function unsafeCharacters(text: string): UnsafeCharacter[] {
  const found: UnsafeCharacter[] = [];
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    let code = unit;
    if (unit >= 0xd800 && unit <= 0xdbff && i + 1 < text.length) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        code = (unit - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        const kind = unsafeKind(code);
        if (kind) found.push({ index: i, codePoint: code, kind });
        i++;
        continue;
      }
    }
    const kind = unsafeKind(code);
    if (kind) found.push({ index: i, codePoint: code, kind });
  }
  return found;
}

const hex = (code: number): string => code.toString(16).toUpperCase().padStart(4, "0");

/**
 * `text` quoted as JSON, with every control or invisible character escaped (`\u200B`), so a
 * message shows what a terminal would hide or reorder.
 */
export function escapeText(text: string): string {
  const unsafe = new Map(unsafeCharacters(text).map((u) => [u.index, u]));
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const u = unsafe.get(i);
    if (u === undefined) {
      out += text[i];
      continue;
    }
    if (u.codePoint > 0xffff) {
      out += `\\u${hex(text.charCodeAt(i))}\\u${hex(text.charCodeAt(i + 1))}`;
      i++;
    } else out += `\\u${hex(u.codePoint)}`;
  }
  // JSON's quoting for the rest (quotes, backslashes), then the escapes above kept as written
  return JSON.stringify(out).replace(/\\\\u([0-9A-F]{4})/g, "\\u$1");
}

/**
 * The problem with a user-given name that holds control or invisible characters, which AWS APIs
 * reject or show as something else: "`field` must not contain … (got "a\u200Bb"): …", or none.
 */
export function nameCharacterProblems(propertyPath: string, value: unknown): ArgumentProblem[] {
  if (typeof value !== "string") return [];
  const unsafe = unsafeCharacters(value);
  if (unsafe.length === 0) return [];
  const listed = unsafe
    .slice(0, 3)
    .map((u) => `U+${hex(u.codePoint)} (${u.kind}) at position ${u.index}`)
    .join(", ");
  const more = unsafe.length > 3 ? ` and ${unsafe.length - 3} more` : "";
  return [
    problem(
      propertyPath,
      value,
      `must not contain control or invisible characters: ${listed}${more}, as in ${escapeText(value)}`,
      "retype the name without them",
    ),
  ];
}
