import { expect } from "chai";
import * as fs from "node:fs";
import * as path from "node:path";
import {
  loadPriceTable,
  parsePriceTable,
  priceRegions,
  PRICES_DIR,
  REQUIRED_ITEMS,
  SOURCE_HOSTS,
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
        expect(item.source, key).to.match(/^https:\/\/(aws|docs\.aws)\.amazon\.com\//);
      }
      // every EC2 instance type the stacks use is priced
      for (const type of ["t3.micro", "t4g.small"])
        expect(table.items[`ec2.${type}`], type).to.be.an("object");
    });
  }

  for (const region of priceRegions())
    it(`${region}: every item says what its AWS page's text confirms, and its source is an https page on an AWS host`, () => {
      const raw = JSON.parse(fs.readFileSync(path.join(PRICES_DIR, `${region}.json`), "utf8")) as PriceTable;
      expect(Object.keys(raw.items)).to.include.members([...REQUIRED_ITEMS]);
      for (const [key, item] of Object.entries(raw.items)) {
        expect(item.checked, key)
          .to.be.a("string")
          .and.match(/^(page text(?: \(https:\/\/[^)\s]+\))?|not confirmed): \S/);
        const url = new URL(item.source);
        expect(url.protocol, key).to.equal("https:");
        expect(SOURCE_HOSTS, `${key}: ${item.source}`).to.include(url.hostname);
      }
      // the note names what was confirmed and what remains as recorded
      expect(raw.note).to.match(/Confirmed against the pages' text: /);
      expect(raw.note).to.match(/remains as recorded/);
      for (const [key, item] of Object.entries(raw.items))
        if (item.checked.startsWith("page text")) expect(raw.note, key).to.contain(key);
    });

  it("rejects an item without `checked`, a `checked` that is neither page text nor not confirmed, or a source off AWS's hosts", () => {
    const good = JSON.parse(fs.readFileSync(path.join(PRICES_DIR, "us-east-1.json"), "utf8")) as PriceTable;
    expect(() => parsePriceTable(good, "t.json")).to.not.throw();
    const unchecked = structuredClone(good) as unknown as { items: Record<string, Record<string, unknown>> };
    delete unchecked.items["kms.key"].checked;
    expect(() => parsePriceTable(unchecked, "t.json")).to.throw(/kms\.key/);
    const vague = structuredClone(good);
    vague.items["kms.key"].checked = "looks right";
    expect(() => parsePriceTable(vague, "t.json")).to.throw(/kms\.key/);
    const docs = structuredClone(good);
    docs.items["kms.key"].source = "https://docs.aws.amazon.com/kms/latest/developerguide/overview.html";
    expect(() => parsePriceTable(docs, "t.json")).to.not.throw();
    for (const source of [
      "https://example.com/kms/pricing/",
      "http://aws.amazon.com/kms/pricing/",
      "https://aws.amazon.com.example.com/kms/pricing/",
    ]) {
      const off = structuredClone(good);
      off.items["kms.key"].source = source;
      expect(() => parsePriceTable(off, "t.json"), source).to.throw(/kms\.key/);
    }
  });

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
