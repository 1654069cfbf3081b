import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  loadPriceTable,
  parsePriceTable,
  priceRegions,
  PRICES_DIR,
  REQUIRED_ITEMS,
  type PriceTable,
} from "../../../cli/cost/prices";

describe("cost price tables", () => {
  it("exist for eu-west-1 (the stacks' region) and us-east-1", () => {
    expect(priceRegions()).to.include.members(["eu-west-1", "us-east-1"]);
  });

  for (const region of priceRegions()) {
    it(`${region}: dated, every required item with a price, a unit and an AWS pricing-page source`, () => {
      const raw = JSON.parse(fs.readFileSync(path.join(PRICES_DIR, `${region}.json`), "utf8")) as PriceTable;
      const table = loadPriceTable(region);
      expect(table.region).to.equal(region);
      expect(table.asOf).to.match(/^\d{4}-\d{2}-\d{2}$/);
      expect(table.note).to.match(/list price/);
      expect(table.note).to.match(/refresh/);
      for (const key of REQUIRED_ITEMS) {
        const item = raw.items[key];
        expect(item, key).to.be.an("object");
        expect(item.price, key).to.be.a("number").and.at.least(0);
        expect(item.unit, key).to.match(/^USD per /);
        expect(item.source, key).to.match(/^https:\/\/aws\.amazon\.com\/[a-z0-9-]+\/pricing\//);
      }
      // every EC2 instance type the stacks use is priced
      for (const type of ["t3.micro", "t4g.small"])
        expect(table.items[`ec2.${type}`], type).to.be.an("object");
    });
  }

  it("rejects a table missing an item, an item without a source, or an undated table", () => {
    const good = JSON.parse(fs.readFileSync(path.join(PRICES_DIR, "eu-west-1.json"), "utf8")) as PriceTable;
    const withoutKms = structuredClone(good);
    delete (withoutKms.items as Record<string, unknown>)["kms.key"];
    expect(() => parsePriceTable(withoutKms, "t.json")).to.throw(/no price for kms\.key/);
    const noSource = structuredClone(good) as unknown as { items: Record<string, Record<string, unknown>> };
    delete noSource.items["sns.email"].source;
    expect(() => parsePriceTable(noSource, "t.json")).to.throw(/sns\.email/);
    const undated = { ...good, asOf: "recently" };
    expect(() => parsePriceTable(undated, "t.json")).to.throw(/asOf/);
  });

  it("names the regions that have a table when asked for one that has none", () => {
    expect(() => loadPriceTable("ap-south-2")).to.throw(/no price table for region "ap-south-2".*eu-west-1/);
  });
});
