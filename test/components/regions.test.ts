import { expect } from "chai";
import { ALL_REGIONS, AWS_REGIONS, REGION_CODE, partitionOf } from "../../components/regions";

describe("regions: the partitions' region lists", () => {
  it("puts each region in its partition, by the partitions' own naming rules", () => {
    // the naming rule of each partition, as the AWS SDKs' endpoint data states it
    const rule: Record<keyof typeof AWS_REGIONS, RegExp> = {
      aws: /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/,
      "aws-cn": /^cn-\w+-\d+$/,
      "aws-us-gov": /^us-gov-\w+-\d+$/,
    };
    for (const [partition, regions] of Object.entries(AWS_REGIONS) as [
      keyof typeof AWS_REGIONS,
      readonly string[],
    ][])
      for (const r of regions) {
        expect(rule[partition].test(r), `${r} in ${partition}`).to.equal(true);
        expect(REGION_CODE.test(r), r).to.equal(true);
        expect(partitionOf(r)).to.equal(partition);
      }
    expect(new Set(ALL_REGIONS).size, "each region once").to.equal(ALL_REGIONS.length);
  });

  it("knows the regions AWS lists, and no made-up ones", () => {
    expect(partitionOf("eu-west-1")).to.equal("aws");
    expect(partitionOf("ap-southeast-5")).to.equal("aws");
    expect(partitionOf("cn-northwest-1")).to.equal("aws-cn");
    expect(partitionOf("us-gov-east-1")).to.equal("aws-us-gov");
    expect(partitionOf("eu-wset-1")).to.equal(undefined);
    expect(partitionOf("us-east-7")).to.equal(undefined);
  });
});
