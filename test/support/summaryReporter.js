"use strict";
// Mocha's spec reporter plus one closing line that CI reads: "N passed, N failed".
// The counts come from mocha's own runner statistics, never from parsing output.
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(EVENT_RUN_END, () => {
      const s = runner.stats;
      const skipped = s.pending ? `, ${s.pending} skipped` : "";
      // Printed after the spec reporter's epilogue, so it is the last line of the run.
      process.nextTick(() => process.stdout.write(`${s.passes} passed, ${s.failures} failed${skipped}\n`));
    });
  }
}

module.exports = SummaryReporter;
