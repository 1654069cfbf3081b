import { expect } from "chai";
import {
  CafeServer,
  architectureOf,
  cafeAgentPolicy,
  ec2TrustPolicy,
  validateCafeServerArgs,
} from "../../../apps/cafe/deploy";
import { cafeUserData, sitePages } from "../../../apps/cafe/src/userData";
import {
  ACCOUNT,
  ANONYMOUS,
  OTHER_ACCOUNT,
  assumeRole,
  expectAllowed,
  expectDenied,
} from "../../support/iam";
import { expectProblems, problemsIn, thrown } from "../../support/errors";
import { one, ofType, runProgram } from "../../support/mocks";

const ACCESS = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:apache/access`;
const ERROR = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:apache/error`;
const BASE = {
  accessLogGroupName: "apache/access",
  accessLogGroupArn: ACCESS,
  errorLogGroupName: "apache/error",
  errorLogGroupArn: ERROR,
  agentConfigParameterName: "/dev/cafe/cloudwatch-agent",
};

describe("CafeServer", () => {
  it("rejects a bad instance type, volume size and CIDR at construction, all at once", () => {
    expect(validateCafeServerArgs(BASE)).to.deep.equal([]);
    const err = thrown(
      () =>
        new CafeServer("cafe", {
          ...BASE,
          instanceType: "huge",
          rootVolumeGb: 1,
          httpCidrs: ["10.0.0.0/8", "0.0.0.0/33", "example.com"],
        }),
    );
    expectProblems(problemsIn(err, "CafeServer", "cafe"), [
      { propertyPath: "instanceType", value: "huge" },
      { propertyPath: "rootVolumeGb", value: 1 },
      { propertyPath: "httpCidrs[1]", value: "0.0.0.0/33" },
      { propertyPath: "httpCidrs[2]", value: "example.com" },
    ]);
  });

  it("picks the image architecture from the instance family", () => {
    expect(architectureOf("t3.micro")).to.equal("x86_64");
    expect(architectureOf("t4g.small")).to.equal("arm64");
    expect(architectureOf("c7gn.large")).to.equal("arm64");
    expect(architectureOf("m7i.large")).to.equal("x86_64");
    expect(architectureOf("g5.xlarge")).to.equal("x86_64");
  });

  describe("deployed", () => {
    let run: Awaited<ReturnType<typeof runProgram>>;
    before(async () => {
      run = await runProgram(
        () =>
          new CafeServer("cafe", {
            ...BASE,
            instanceType: "t4g.micro",
            httpCidrs: ["203.0.113.0/24"],
            httpSourceSecurityGroupId: "sg-0123456789abcdef0",
          }),
      );
    });

    it("is an AL2023 instance from the public parameter, IMDSv2 only, encrypted, without a key pair", () => {
      const i = one(run, "aws:ec2/instance:Instance");
      expect(i.inputs.ami).to.equal("ami-0123456789abcdef0");
      const lookup = run.calls.find((c) => c.token === "aws:ssm/getParameter:getParameter");
      expect(lookup?.inputs.name).to.equal(
        "/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64",
      );
      expect(i.inputs.instanceType).to.equal("t4g.micro");
      expect(i.inputs.metadataOptions).to.deep.include({ httpTokens: "required" });
      expect(i.inputs.rootBlockDevice).to.deep.include({ encrypted: true, volumeType: "gp3" });
      expect(i.inputs.keyName).to.equal(undefined);
      expect(i.inputs.iamInstanceProfile).to.be.a("string");
    });

    it("admits HTTP from the configured CIDRs and load balancer only: no port 22, HTTPS out only", () => {
      const rules = ofType(run, "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
      expect(
        rules.map((r) => [
          r.inputs.fromPort,
          r.inputs.toPort,
          r.inputs.cidrIpv4,
          r.inputs.referencedSecurityGroupId,
        ]),
      ).to.deep.equal([
        [80, 80, "203.0.113.0/24", undefined],
        [80, 80, undefined, "sg-0123456789abcdef0"],
      ]);
      const sg = one(run, "aws:ec2/securityGroup:SecurityGroup");
      expect(sg.inputs.ingress ?? []).to.deep.equal([]);
      const egress = sg.inputs.egress as { fromPort: number; toPort: number }[];
      expect(egress.map((e) => [e.fromPort, e.toPort])).to.deep.equal([[443, 443]]);
    });

    it("installs Apache, PHP, the agent and the pages, and starts the agent from its SSM parameter", () => {
      const userData = String(one(run, "aws:ec2/instance:Instance").inputs.userData);
      const param = one(run, "aws:ssm/parameter:Parameter");
      expect(param.inputs.name).to.equal("/dev/cafe/cloudwatch-agent");
      expect(JSON.parse(String(param.inputs.insecureValue))).to.have.keys("agent", "logs", "metrics");
      expect(userData).to.match(/^#!\/bin\/bash\n/);
      expect(userData).to.include("dnf install -y httpd php amazon-cloudwatch-agent");
      expect(userData).to.include("-a fetch-config -m ec2 -s -c ssm:/dev/cafe/cloudwatch-agent");
      for (const page of ["index.php", "menu.php", "processOrder.php"])
        expect(userData).to.include(`> /var/www/html/cafe/${page}`);
    });

    it("the role carries the SSM core managed policy and the agent's narrow inline policy", () => {
      const attach = one(run, "aws:iam/rolePolicyAttachment:RolePolicyAttachment");
      expect(attach.inputs.policyArn).to.equal("arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore");
      expect(one(run, "aws:iam/role:Role").inputs.assumeRolePolicy).to.include("ec2.amazonaws.com");
    });
  });

  it("user data decodes each page byte for byte and refuses names the shell would misread", () => {
    const pages = sitePages();
    const script = cafeUserData({ agentConfigParameter: "/p", pages });
    for (const [file, text] of Object.entries(pages)) {
      const m = new RegExp(
        `echo '([A-Za-z0-9+/=]+)' \\| base64 -d > /var/www/html/cafe/${file.replace(".", "\\.")}`,
      ).exec(script);
      expect(Buffer.from(m![1]!, "base64").toString("utf8")).to.equal(text);
    }
    expect(() => cafeUserData({ agentConfigParameter: "/p; rm -rf /" })).to.throw(
      /not an SSM parameter name/,
    );
    expect(() => cafeUserData({ agentConfigParameter: "/p", pages: { "a b.php": "" } })).to.throw(
      /page file name/,
    );
  });

  describe("policies, by simulated requests", () => {
    const me = `arn:aws:sts::${ACCOUNT}:assumed-role/cafe-role/i-0123456789abcdef0`;
    const param = `arn:aws:ssm:eu-west-1:${ACCOUNT}:parameter/dev/cafe/cloudwatch-agent`;
    const id = {
      identity: [
        cafeAgentPolicy({ logGroupArns: [ACCESS, ERROR], namespace: "Cafe/Host", parameterArn: param }),
      ],
    };
    const req = (action: string, resource: string, context: Record<string, string> = {}) => ({
      principal: me,
      action,
      resource,
      context,
    });

    it("the agent writes streams of the two café groups, its metrics and reads its config — nothing else", async () => {
      for (const g of [ACCESS, ERROR]) {
        await expectAllowed(req("logs:PutLogEvents", `${g}:log-stream:i-0abc/access_log`), id);
        await expectAllowed(req("logs:CreateLogStream", `${g}:log-stream:i-0abc/access_log`), id);
        await expectAllowed(req("logs:DescribeLogStreams", `${g}:*`), id);
        await expectDenied(req("logs:DeleteLogGroup", g), id);
        await expectDenied(req("logs:PutRetentionPolicy", g), id);
      }
      const elsewhere = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/smart-orders/processor`;
      await expectDenied(req("logs:PutLogEvents", `${elsewhere}:log-stream:x`), id);
      await expectDenied(req("logs:CreateLogGroup", elsewhere), id);
      await expectDenied(
        req("logs:PutLogEvents", `${ACCESS.replace(ACCOUNT, OTHER_ACCOUNT)}:log-stream:x`),
        id,
      );
      await expectAllowed(req("cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "Cafe/Host" }), id);
      await expectDenied(req("cloudwatch:PutMetricData", "*", { "cloudwatch:namespace": "SmartOrders" }), id);
      await expectAllowed(req("ssm:GetParameter", param), id);
      await expectDenied(req("ssm:GetParameter", `${param}-other`), id);
      await expectDenied(req("ssm:PutParameter", param), id);
    });

    it("only EC2 may assume the role: not another service, another account's role, or anyone", async () => {
      const trust = { resource: ec2TrustPolicy() };
      const role = `arn:aws:iam::${ACCOUNT}:role/cafe-role`;
      const assume = assumeRole(role);
      await expectAllowed(assume("ec2.amazonaws.com"), trust);
      await expectDenied(assume("lambda.amazonaws.com"), trust);
      await expectDenied(assume(`arn:aws:iam::${OTHER_ACCOUNT}:role/x`), trust);
      await expectDenied(assume(`arn:aws:iam::${ACCOUNT}:role/someone-else`), trust);
      await expectDenied(assume(ANONYMOUS), trust);
    });
  });
});
