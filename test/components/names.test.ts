import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import { addedAlarmProblems, validateAlertingPathArgs } from "../../components/alertingPath/args";
import { validateLogPipelineArgs } from "../../components/logPipeline/args";
import { Metric } from "../../components/metric";
import { expectProblems } from "../support/errors";
import {
  LOG_GROUP_NAME,
  LOG_GROUP_NAME_CHARACTERS,
  escapeText,
  nameCharacterProblems,
  toLogGroupNameCharacters,
  unsafeCharacters,
} from "../../components/names";

const ROOT = path.resolve(__dirname, "../..");

/** Every TypeScript source of the repository outside node_modules, tests and build output. */
function sources(dir = ROOT): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    if (["node_modules", "dist", "test", ".git"].includes(e.name)) return [];
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return e.name.endsWith(".ts") ? [p] : [];
  });
}

describe("names: the log group name pattern", () => {
  it("accepts the names CloudWatch Logs accepts", () => {
    for (const ok of ["/aws/lambda/fn", "a", "x".repeat(512), "/app/orders#1", "my.group_name-2"])
      expect(LOG_GROUP_NAME.test(ok), ok).to.equal(true);
  });

  it("rejects the rest: empty, too long, spaces, other characters, control characters", () => {
    for (const bad of ["", "x".repeat(513), "no spaces", "bad!", "a:b", "a\u0000b", "café", "a\u200bb"])
      expect(LOG_GROUP_NAME.test(bad), JSON.stringify(bad)).to.equal(false);
  });

  it("turns free text into a log group name's characters", () => {
    expect(toLogGroupNameCharacters("my api (v2)")).to.equal("my-api--v2-");
    expect(LOG_GROUP_NAME.test(toLogGroupNameCharacters("Ünïcode näme"))).to.equal(true);
  });

  it("is written once: no other source file spells its character class", () => {
    // as a regular-expression literal spells it, and as a string literal does
    const spelled = [LOG_GROUP_NAME_CHARACTERS, LOG_GROUP_NAME_CHARACTERS.replace("\\", "\\\\")];
    const found = sources().filter((f) => {
      const text = fs.readFileSync(f, "utf8");
      return spelled.some((s) => text.includes(s));
    });
    expect(found.map((f) => path.relative(ROOT, f))).to.deep.equal(["components/names.ts"]);
  });
});

describe("names: control and invisible characters", () => {
  it("finds C0 and C1 controls, unpaired surrogates, zero-width and bidirectional controls", () => {
    const cases: [string, string][] = [
      ["a\u0007b", "a control character"],
      ["a\u007fb", "a control character"],
      ["a\u0085b", "a C1 control character"],
      ["a\ud800b", "an unpaired surrogate"],
      ["a\udc00", "an unpaired surrogate"],
      ["a\u200bb", "a zero-width character"],
      ["a\ufeffb", "a zero-width character"],
      ["a\u202eb", "a bidirectional control character"],
      ["a\u2066b", "a bidirectional isolate"],
      ["a\u2028b", "a line or paragraph separator"],
    ];
    for (const [text, kind] of cases) {
      const found = unsafeCharacters(text);
      expect(found, escapeText(text)).to.have.length(1);
      expect(found[0]).to.deep.include({ index: 1, kind });
    }
  });

  it("lets ordinary Unicode through: accents, CJK, emoji (a surrogate pair), spaces", () => {
    for (const ok of ["café", "注文", "orders 🚀", "a b", "Ops-Team_1"])
      expect(unsafeCharacters(ok), ok).to.deep.equal([]);
  });

  it("names the field, the character and its position, the value escaped, and the fix", () => {
    expect(nameCharacterProblems("name", "pay\u200bments")).to.deep.equal([
      {
        propertyPath: "name",
        value: "pay\u200bments",
        reason:
          'must not contain control or invisible characters: U+200B (a zero-width character) at position 3, as in "pay\\u200Bments"',
        fix: "retype the name without them",
      },
    ]);
    expect(nameCharacterProblems("name", "a\u0000b\u202e")[0].reason).to.contain(
      'U+0000 (a control character) at position 1, U+202E (a bidirectional control character) at position 3, as in "a\\u0000b\\u202E"',
    );
    expect(nameCharacterProblems("name", "payments")).to.deep.equal([]);
  });

  it("escapes what a terminal would hide, and quotes the rest as JSON", () => {
    expect(escapeText('say "hi"\u0001')).to.equal('"say \\"hi\\"\\u0001"');
    expect(escapeText("x\ud800")).to.equal('"x\\uD800"');
  });
});

describe("names: components reject control and invisible characters in the names a user gives", () => {
  /** The one problem's reason names every character found, its kind and position; the fix says to retype. */
  const hidden = (reason: string, ...found: string[]): void => {
    expect(reason).to.match(/^must not contain control or invisible characters: /);
    for (const f of found) expect(reason).to.contain(f);
  };

  it("an alarm name", () => {
    const metric = new Metric({ namespace: "Orders", name: "PaymentFailures" });
    const problems = addedAlarmProblems("spec", "dev", {
      name: "Payment\u202eFailures",
      metric,
      threshold: 1,
    });
    expectProblems(problems, [{ propertyPath: "spec.name", value: "Payment\u202eFailures" }]);
    hidden(
      problems[0].reason,
      "U+202E (a bidirectional control character) at position 7",
      '"Payment\\u202EFailures"',
    );
    expect(problems[0].fix).to.equal("retype the name without them");
    expect(
      addedAlarmProblems("spec", "dev", { name: "PaymentFailures", metric, threshold: 1 }),
    ).to.deep.equal([]);
  });

  it("an alert e-mail address", () => {
    const problems = validateAlertingPathArgs("alerts", { emails: ["ops\u200b@example.com"] });
    expectProblems(problems, [{ propertyPath: "emails[0]", value: "ops\u200b@example.com" }]);
    hidden(problems[0].reason, "U+200B (a zero-width character) at position 3", '"ops\\u200B@example.com"');
    expect(problems[0].fix).to.equal("retype the name without them");
    expect(validateAlertingPathArgs("alerts", { emails: ["ops@example.com"] })).to.deep.equal([]);
  });

  it("a metric filter name and a saved query name", () => {
    const problems = validateLogPipelineArgs({
      logGroupName: "/app/orders",
      metricFilters: [{ name: "Errors\u200b", pattern: "ERROR", namespace: "App" }],
      queries: [{ name: "errors\u0085", query: "fields @message" }],
    });
    expectProblems(problems, [
      { propertyPath: "metricFilters[0].name", value: "Errors\u200b" },
      { propertyPath: "queries[0].name", value: "errors\u0085" },
    ]);
    hidden(problems[0].reason, "U+200B (a zero-width character) at position 6", '"Errors\\u200B"');
    hidden(problems[1].reason, "U+0085 (a C1 control character) at position 6", '"errors\\u0085"');
    for (const p of problems) expect(p.fix).to.equal("retype the name without them");
  });
});
