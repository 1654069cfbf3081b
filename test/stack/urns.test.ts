import * as pulumi from "@pulumi/pulumi";
import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import * as prettier from "prettier";
import { LogPipeline } from "../../components";
import {
  compareUrns,
  currentUrns,
  describeUrnDiff,
  goldenOf,
  holdsData,
  type CurrentUrn,
  type UrnEntry,
} from "../../cli/plan/urns";
import { planOf, runProgram } from "../support/mocks";

const GOLDEN_DIR = path.join(__dirname, "..", "golden");
const UPDATE = process.env.OBSKIT_UPDATE_GOLDEN === "1";

function goldenFile(stack: string): string {
  return path.join(GOLDEN_DIR, `urns.${stack}.json`);
}

describe("stable URNs: the golden files of the dev and prod plans", () => {
  for (const stack of ["dev", "prod"]) {
    it(`every URN of the ${stack} plan is the recorded one (or an alias keeps the recorded one)`, async () => {
      const current = currentUrns((await planOf(stack)).run);
      if (UPDATE) {
        fs.mkdirSync(GOLDEN_DIR, { recursive: true });
        const options = (await prettier.resolveConfig(goldenFile(stack))) ?? {};
        const text = await prettier.format(JSON.stringify(goldenOf(current)), { ...options, parser: "json" });
        fs.writeFileSync(goldenFile(stack), text);
      }
      const golden = JSON.parse(fs.readFileSync(goldenFile(stack), "utf8")) as UrnEntry[];
      const message = describeUrnDiff(stack, compareUrns(golden, current));
      if (message) expect.fail(message);
    });

    it(`the ${stack} golden file is sorted, one entry per URN, each parent recorded too`, () => {
      const golden = JSON.parse(fs.readFileSync(goldenFile(stack), "utf8")) as UrnEntry[];
      expect(golden).to.deep.equal(goldenOf(golden));
      const urns = new Set(golden.map((g) => g.urn));
      expect(urns.size).to.equal(golden.length);
      for (const g of golden) if (g.parent !== null) expect(urns, g.urn).to.include(g.parent);
      expect(golden.filter((g) => g.parent === null).map((g) => g.type)).to.deep.equal([
        "pulumi:pulumi:Stack",
      ]);
      // the engine's URNs: a grandchild's type carries its whole chain, never the root stack
      expect(golden.some((g) => g.urn.includes("pulumi:pulumi:Stack$"))).to.equal(false);
      expect(golden.some((g) => g.type === "aws:cloudwatch/logGroup:LogGroup" && holdsData(g.type))).to.equal(
        true,
      );
    });
  }
});

describe("stable URNs: the comparison", () => {
  const stackUrn = "urn:pulumi:prod::obskit::pulumi:pulumi:Stack::obskit-prod";
  const pipeline = "urn:pulumi:prod::obskit::obskit:index:LogPipeline::orders";
  const group =
    "urn:pulumi:prod::obskit::obskit:index:LogPipeline$aws:cloudwatch/logGroup:LogGroup::orders-group";
  const filter =
    "urn:pulumi:prod::obskit::obskit:index:LogPipeline$aws:cloudwatch/logMetricFilter:LogMetricFilter::orders-f";
  const golden: UrnEntry[] = [
    { urn: stackUrn, type: "pulumi:pulumi:Stack", parent: null },
    { urn: pipeline, type: "obskit:index:LogPipeline", parent: stackUrn },
    { urn: group, type: "aws:cloudwatch/logGroup:LogGroup", parent: pipeline },
    { urn: filter, type: "aws:cloudwatch/logMetricFilter:LogMetricFilter", parent: pipeline },
  ];
  const unchanged: CurrentUrn[] = golden.map((g) => ({ ...g, aliases: [] }));

  it("an unchanged list passes", () => {
    expect(describeUrnDiff("prod", compareUrns(golden, unchanged))).to.equal(undefined);
  });

  it("a renamed log group fails, naming it as data-bearing, with the old and new URN", () => {
    const renamed = unchanged.map((c) =>
      c.urn === group ? { ...c, urn: group.replace("orders-group", "orders-logs") } : c,
    );
    const diff = compareUrns(golden, renamed);
    expect(diff.removed.map((e) => e.urn)).to.deep.equal([group]);
    expect(diff.added.map((e) => e.urn)).to.deep.equal([group.replace("orders-group", "orders-logs")]);
    const message = describeUrnDiff("prod", diff) ?? "";
    expect(message).to.contain("1 resource(s) would be DELETED");
    expect(message).to.contain(`DATA aws:cloudwatch/logGroup:LogGroup  ${group}  (holds log events)`);
    expect(message).to.contain("1 of them HOLD DATA, which the replacement would lose: orders-group");
    expect(message).to.contain("npm run golden:update");
  });

  it("a removed metric filter fails too, but says no data is lost", () => {
    const message =
      describeUrnDiff(
        "prod",
        compareUrns(
          golden,
          unchanged.filter((c) => c.urn !== filter),
        ),
      ) ?? "";
    expect(message).to.contain(filter);
    expect(message).to.contain("None of them holds data.");
    expect(message).not.to.contain("DATA ");
  });

  it("a new URN alone fails (the golden file must list every URN) without claiming a replacement", () => {
    const extra = {
      urn: `${filter}2`,
      type: "aws:cloudwatch/logMetricFilter:LogMetricFilter",
      parent: pipeline,
      aliases: [],
    };
    const message = describeUrnDiff("prod", compareUrns(golden, [...unchanged, extra])) ?? "";
    expect(message).to.contain("1 resource(s) would be CREATED");
    expect(message).not.to.contain("DELETED");
  });

  it("a log group that keeps its URN but gets another name fails: replaced in place, data lost", () => {
    const withName =
      (name: string) =>
      <T extends UrnEntry>(e: T): T =>
        e.urn === group ? { ...e, replaceOn: { name, logGroupClass: "STANDARD" } } : e;
    const recorded = golden.map(withName("/smart-orders/processor"));
    const renamed = unchanged.map(withName("/smart-orders/worker"));
    const diff = compareUrns(recorded, renamed);
    expect(diff.removed).to.deep.equal([]);
    expect(diff.replaced).to.deep.equal([
      {
        urn: group,
        type: "aws:cloudwatch/logGroup:LogGroup",
        changes: [{ property: "name", from: "/smart-orders/processor", to: "/smart-orders/worker" }],
      },
    ]);
    const message = describeUrnDiff("prod", diff) ?? "";
    expect(message).to.contain("1 resource(s) keep their URN but would be REPLACED");
    expect(message).to.contain(`DATA aws:cloudwatch/logGroup:LogGroup  ${group}  (holds log events)`);
    expect(message).to.contain('name: "/smart-orders/processor" → "/smart-orders/worker"');
    // an input that does not force a new group (retention, key) is no replacement
    expect(
      describeUrnDiff("prod", compareUrns(recorded, unchanged.map(withName("/smart-orders/processor")))),
    ).to.equal(undefined);
  });

  it("a new URN whose alias is the recorded one is a rename, not a replacement", () => {
    const moved = group.replace("orders-group", "orders-logs");
    const renamed = unchanged.map((c) => (c.urn === group ? { ...c, urn: moved, aliases: [group] } : c));
    const diff = compareUrns(golden, renamed);
    expect(describeUrnDiff("prod", diff)).to.equal(undefined);
    expect(diff.aliased).to.deep.equal([
      { from: group, to: moved, type: "aws:cloudwatch/logGroup:LogGroup" },
    ]);
  });
});

describe("stable URNs: aliases declared in a program", () => {
  const GROUP = "/obskit/urn-test";
  const urnsOf = async (program: () => unknown) => currentUrns(await runProgram(program));

  it("records the engine's URNs: a grandchild's type carries its parents' chain", async () => {
    const urns = await urnsOf(() => {
      new LogPipeline("orders", { logGroupName: GROUP });
    });
    const key = urns.find((u) => u.type === "aws:kms/key:Key");
    expect(key?.urn).to.match(
      /::obskit:index:LogPipeline\$obskit:index:LogsKey\$aws:kms\/key:Key::orders-key/,
    );
  });

  it("renaming a component without an alias replaces its log group and key", async () => {
    const before = goldenOf(
      await urnsOf(() => {
        new LogPipeline("orders", { logGroupName: GROUP });
      }),
    );
    const after = await urnsOf(() => {
      new LogPipeline("orders-v2", { logGroupName: GROUP });
    });
    const message = describeUrnDiff("unit", compareUrns(before, after)) ?? "";
    expect(message).to.match(/DATA aws:cloudwatch\/logGroup:LogGroup .*::orders-logs/);
    expect(message).to.match(/DATA aws:kms\/key:Key .*::orders-key/);
  });

  it("changing its logGroupName or logClass replaces its log group, whose URN stays", async () => {
    const before = goldenOf(
      await urnsOf(() => {
        new LogPipeline("orders", { logGroupName: GROUP, retentionInDays: 7 });
      }),
    );
    const retention = await urnsOf(() => {
      new LogPipeline("orders", { logGroupName: GROUP, retentionInDays: 30 });
    });
    expect(describeUrnDiff("unit", compareUrns(before, retention))).to.equal(undefined);
    const renamed = await urnsOf(() => {
      new LogPipeline("orders", { logGroupName: `${GROUP}-2`, logClass: "INFREQUENT_ACCESS" });
    });
    const diff = compareUrns(before, renamed);
    expect(diff.removed).to.deep.equal([]);
    expect(diff.replaced.map((r) => r.changes.map((c) => c.property))).to.deep.equal([
      ["name", "logGroupClass"],
    ]);
  });

  it("renaming it with `aliases: [{ name }]` keeps every URN, its children's included", async () => {
    const before = goldenOf(
      await urnsOf(() => {
        new LogPipeline("orders", { logGroupName: GROUP });
      }),
    );
    const after = await urnsOf(() => {
      new LogPipeline("orders-v2", { logGroupName: GROUP }, { aliases: [{ name: "orders" }] });
    });
    const diff = compareUrns(before, after);
    expect(describeUrnDiff("unit", diff)).to.equal(undefined);
    expect(diff.aliased.map((a) => a.to)).to.include.members(
      after.filter((u) => u.type === "aws:cloudwatch/logGroup:LogGroup").map((u) => u.urn),
    );
  });

  it("moving it under a new parent with `aliases: [{ parent: pulumi.rootStackResource }]` keeps it and its children", async () => {
    class Wrapper extends pulumi.ComponentResource {
      constructor(name: string) {
        super("test:index:Wrapper", name);
        new LogPipeline(
          "orders",
          { logGroupName: GROUP },
          { parent: this, aliases: [{ parent: pulumi.rootStackResource }] },
        );
        this.registerOutputs({});
      }
    }
    const before = goldenOf(
      await urnsOf(() => {
        new LogPipeline("orders", { logGroupName: GROUP });
      }),
    );
    const after = await urnsOf(() => {
      new Wrapper("wrap");
    });
    const diff = compareUrns(before, after);
    expect(diff.removed).to.deep.equal([]);
    // the wrapper itself is new
    expect(diff.added.map((a) => a.type)).to.deep.equal(["test:index:Wrapper"]);
  });
});
