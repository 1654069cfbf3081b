import { expect } from "chai";
import { scheduleExpressionProblem, scheduleExpressionProblems } from "../../components/schedule";

/** EventBridge's schedule grammar, on the examples of its user guide ("Schedule expressions"). */
describe("EventBridge schedule expressions", () => {
  describe("rate(value unit)", () => {
    // the guide's examples: singular for 1, plural otherwise
    for (const ok of [
      "rate(1 minute)",
      "rate(5 minutes)",
      "rate(1 hour)",
      "rate(12 hours)",
      "rate(1 day)",
      "rate(7 days)",
    ])
      it(`accepts ${ok}`, () => expect(scheduleExpressionProblem(ok)).to.equal(undefined));

    const bad: [string, RegExp][] = [
      ["rate(5 minute)", /plural unit for 5: rate\(5 minutes\)/],
      ["rate(1 minutes)", /singular unit for 1: rate\(1 minute\)/],
      ["rate(1 hours)", /singular unit for 1: rate\(1 hour\)/],
      ["rate(2 day)", /plural unit for 2: rate\(2 days\)/],
      ["rate(0 minutes)", /at least 1/],
      ["rate(-5 minutes)", /whole number/],
      ["rate(1.5 hours)", /whole number/],
      ["rate(5 seconds)", /minute\(s\), hour\(s\) or day\(s\)/],
      ["rate(5 weeks)", /minute\(s\), hour\(s\) or day\(s\)/],
      ["rate(5  minutes)", /rate\(<value> <unit>\)/],
      ["rate(5 Minutes)", /rate\(<value> <unit>\)/],
      ["rate()", /rate\(<value> <unit>\)/],
    ];
    for (const [expr, why] of bad)
      it(`rejects ${expr}`, () => expect(scheduleExpressionProblem(expr)).to.match(why));
  });

  describe("cron(minutes hours day-of-month month day-of-week year)", () => {
    // the guide's example table, and its wildcards: , - * / ? L W #
    for (const ok of [
      "cron(0 10 * * ? *)",
      "cron(15 12 * * ? *)",
      "cron(0 18 ? * MON-FRI *)",
      "cron(0 8 1 * ? *)",
      "cron(0/15 * * * ? *)",
      "cron(0/10 * ? * MON-FRI *)",
      "cron(0/5 8-17 ? * MON-FRI *)",
      "cron(0 9 ? * 2#1 *)",
      "cron(0 20 * * ? *)",
      "cron(0 12 L * ? *)",
      "cron(0 12 3W * ? *)",
      "cron(0 12 LW * ? *)",
      "cron(0 12 ? * 6L *)",
      "cron(0 12 ? * L *)",
      "cron(0 0 1 JAN,FEB,MAR ? 2030-2035)",
      "cron(0 0 1-15 * ? *)",
      "cron(30 */2 ? * SUN,SAT *)",
      "cron(0 0 1 1 ? 1970/5)",
      "cron(0 0 ? jan mon *)",
    ])
      it(`accepts ${ok}`, () => expect(scheduleExpressionProblem(ok)).to.equal(undefined));

    const bad: [string, RegExp][] = [
      // five fields, as Unix cron has
      ["cron(0 10 * * ?)", /six fields .*not 5/],
      ["cron(0 10 * * ? * *)", /six fields .*not 7/],
      ["cron()", /six fields .*not 0/],
      // "?" in exactly one of day-of-month and day-of-week
      ["cron(0 10 * * * *)", /"\?" in exactly one of day-of-month \(\*\) and day-of-week \(\*\)/],
      ["cron(0 10 ? * ? *)", /"\?" in exactly one/],
      ["cron(0 10 1 * MON *)", /"\?" in exactly one/],
      ["cron(? 10 * * ? *)", /minutes field takes no "\?"/],
      // out of range
      ["cron(60 10 * * ? *)", /minutes field takes 0-59 \(got "60"\)/],
      ["cron(0 24 * * ? *)", /hours field takes 0-23/],
      ["cron(0 10 32 * ? *)", /day-of-month field takes 1-31/],
      ["cron(0 10 0 * ? *)", /day-of-month field takes 1-31/],
      ["cron(0 10 * 13 ? *)", /month field takes 1-12 or JAN-DEC/],
      ["cron(0 10 * FOO ? *)", /month field takes 1-12 or JAN-DEC \(got "FOO"\)/],
      ["cron(0 10 ? * 8 *)", /day-of-week field takes 1-7 or SUN-SAT/],
      ["cron(0 10 ? * MON-FUN *)", /day-of-week field takes 1-7 or SUN-SAT \(got "FUN"\)/],
      ["cron(0 10 * * ? 1969)", /year field takes 1970-2199/],
      ["cron(0 10 * * ? 2200)", /year field takes 1970-2199/],
      // wildcards where the field has none
      ["cron(0 10 ? * 1/2 *)", /day-of-week field takes no "\/" increments/],
      ["cron(0/0 * * * ? *)", /whole number ≥ 1 after "\/"/],
      ["cron(0 10 5L * ? *)", /L alone, LW, or <day>W/],
      ["cron(0 10 32W * ? *)", /day 1-31 before "W"/],
      ["cron(0 10 ? * 3#6 *)", /<day>#<1-5>/],
      // the guide: "3#1,6#3" is two expressions, not allowed
      ["cron(0 10 ? * 3#1,6#3 *)", /no list with it/],
      ["cron(0 10 ? * 9L *)", /day 1-7 or SUN-SAT before "L"/],
      ["cron(1,,2 10 * * ? *)", /empty list item/],
      ["cron(1-2-3 10 * * ? *)", /malformed range/],
    ];
    for (const [expr, why] of bad)
      it(`rejects ${expr}`, () => expect(scheduleExpressionProblem(expr)).to.match(why));
  });

  it("rejects what is neither, and what is not text", () => {
    expect(scheduleExpressionProblem("every 5 minutes")).to.match(
      /rate\(<value> <unit>\) or cron\(<six fields>\)/,
    );
    expect(scheduleExpressionProblem("0 10 * * ? *")).to.match(/or cron/);
    expect(scheduleExpressionProblem(5)).to.match(/must be text/);
  });

  it("phrases a component's problem with the field, the fix and the value", () => {
    const [p, ...more] = scheduleExpressionProblems("schedule", "rate(5 minute)");
    expect(more).to.deep.equal([]);
    expect(p.propertyPath).to.equal("schedule");
    expect(p.value).to.equal("rate(5 minute)");
    expect(p.reason).to.equal("must use the plural unit for 5: rate(5 minutes)");
    expect(p.fix).to.match(/rate\(5 minutes\)/);
    expect(scheduleExpressionProblems("schedule", "rate(5 minutes)")).to.deep.equal([]);
  });
});
