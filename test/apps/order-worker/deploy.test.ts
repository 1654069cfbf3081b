import { expect } from "chai";
import { OrderWorkerService, validateOrderWorkerServiceArgs } from "../../../apps/order-worker/deploy";
import { fargateTaskProblems } from "../../../apps/containers";
import { expectProblems, problemsIn, thrown } from "../../support/errors";

const BASE = {
  logGroupName: "/smart-orders/processor",
  logGroupArn: "arn:aws:logs:eu-west-1:1:log-group:x",
  region: "eu-west-1",
};

describe("OrderWorkerService arguments", () => {
  it("accepts the defaults and every documented Fargate size", () => {
    expect(validateOrderWorkerServiceArgs(BASE)).to.deep.equal([]);
    for (const [cpu, memory] of [
      [256, 512],
      [256, 2048],
      [512, 4096],
      [1024, 8192],
      [4096, 30720],
    ])
      expect(validateOrderWorkerServiceArgs({ ...BASE, cpu, memory }), `${cpu}/${memory}`).to.deep.equal([]);
  });

  it("rejects at construction what Fargate or the worker would reject at deploy, all at once", () => {
    const err = thrown(
      () =>
        new OrderWorkerService("w", { ...BASE, desiredCount: -1, cpu: 256, memory: 4096, ratePerSecond: 0 }),
    );
    const problems = problemsIn(err, "OrderWorkerService", "w");
    expectProblems(problems, [
      { propertyPath: "desiredCount", value: -1 },
      { propertyPath: "memory", value: 4096 },
      { propertyPath: "ratePerSecond", value: 0 },
    ]);
    // the memory sizes that go with the cpu, and the rate's bound
    expect(problems[1].reason).to.contain("512, 1024, 2048").and.contain("256");
    expect(problems[2].reason).to.contain("10000");
  });

  it("names an unknown CPU size and the allowed ones", () => {
    const problems = fargateTaskProblems({ cpu: 300 }, { cpu: 256, memory: 512 });
    expectProblems(problems, [{ propertyPath: "cpu", value: 300 }]);
    expect(problems[0].reason).to.contain("256, 512, 1024, 2048, 4096");
  });
});
