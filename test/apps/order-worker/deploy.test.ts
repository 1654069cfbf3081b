import { expect } from "chai";
import { OrderWorkerService, validateOrderWorkerServiceArgs } from "../../../apps/order-worker/deploy";
import { fargateTaskProblems } from "../../../apps/containers";
import { thrown } from "../../support/errors";

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
    expect(err.name).to.equal("ObskitArgsError");
    expect((err as Error & { problems: string[] }).problems).to.deep.equal([
      "`desiredCount` must be a whole number ≥ 0 (got -1).",
      "`memory` must be one of 512, 1024, 2048 MiB with cpu 256 (got 4096).",
      "`ratePerSecond` must be > 0 and ≤ 10000 (got 0).",
    ]);
  });

  it("names an unknown CPU size and the allowed ones", () => {
    expect(fargateTaskProblems({ cpu: 300 }, { cpu: 256, memory: 512 })).to.deep.equal([
      "`cpu` must be one of 256, 512, 1024, 2048, 4096 (got 300).",
    ]);
  });
});
