import { expect } from "chai";
import { LogPipeline } from "../../components";
import {
  checkSamples,
  numericConditions,
  withThreshold,
  type FilterSamples,
} from "../../components/filterPattern";
import { ORDER_LOG_GROUP, orderMetricFilters } from "../../stack/orders";
import { problemsThrown } from "../support/errors";
import { planOf } from "../support/mocks";

interface PlannedFilter {
  name: string;
  pattern: string;
  samples?: FilterSamples;
}

/** The metric filters of a planned stack with the samples their LogPipeline checked them with (its model description). */
async function plannedFilters(stack: string): Promise<PlannedFilter[]> {
  const { model } = await planOf(stack);
  return model.metricFilters.map((f) => ({
    name: f.name,
    pattern: f.pattern,
    samples: f.samples.match.length + f.samples.noMatch.length > 0 ? f.samples : undefined,
  }));
}

describe("every numeric threshold of the stack's filters is pinned by its samples (mutation test)", () => {
  for (const stack of ["dev", "prod"]) {
    it(`${stack}: moving any threshold one step up or down makes a sample fail`, async () => {
      // Arrange: every numeric condition of every planned filter
      const filters = await plannedFilters(stack);
      const mutated: string[] = [];
      for (const f of filters) {
        for (const condition of numericConditions(f.pattern)) {
          expect(f.samples, `${f.name} has samples`).to.not.equal(undefined);
          const samples = f.samples as FilterSamples;
          expect(checkSamples(f.pattern, samples), `${f.name} as planned`).to.deep.equal([]);
          for (const t of [condition.threshold - condition.step, condition.threshold + condition.step]) {
            // Act: the pattern with this one threshold moved
            const mutant = withThreshold(f.pattern, condition, t);
            expect(mutant).to.not.equal(f.pattern);
            // Assert: the samples the filter is constructed with catch it
            expect(
              checkSamples(mutant, samples),
              `${f.name}: ${condition.text} moved to ${t}`,
            ).to.not.deep.equal([]);
            mutated.push(`${f.name}: ${condition.text} → ${t}`);
          }
        }
      }
      // the thresholds this stack has, so the test cannot pass on none
      const names = [...new Set(mutated.map((m) => m.split(":")[0]))];
      expect(names).to.include.members([
        "DelayedOrders",
        "ProcessingTime",
        "NotFound",
        "OrderClicks",
        "BytesSent",
      ]);
      expect(mutated).to.have.length.of.at.least(10);
    });
  }

  it("DelayedOrders moved from 2000 to 3000 ms is refused at construction, naming the sample that catches it", () => {
    const filters = orderMetricFilters();
    const i = filters.findIndex((f) => f.name === "DelayedOrders");
    const [condition] = numericConditions(filters[i].pattern);
    expect(condition).to.deep.include({ field: "$.processingTimeMs", op: ">", threshold: 2000 });
    filters[i] = { ...filters[i], pattern: withThreshold(filters[i].pattern, condition, 3000) };

    const problems = problemsThrown(
      () => new LogPipeline("orders", { logGroupName: ORDER_LOG_GROUP, metricFilters: filters }),
      "LogPipeline",
      "orders",
    );
    const caught = problems.filter((p) => p.propertyPath.startsWith(`metricFilters[${i}].samples.match[`));
    expect(caught, "a sample the filter must match no longer does").to.not.deep.equal([]);
    expect(
      caught.map((p) => (JSON.parse(String(p.value)) as { processingTimeMs: number }).processingTimeMs),
    ).to.include(2001);
  });
});
