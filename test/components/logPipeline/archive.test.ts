import { expect } from "chai";
import type { MockRun, PlannedResource } from "../../../cli/plan/mockRuntime";
import { LOG_PIPELINE_DEFAULTS, LogPipeline, type LogPipelineArgs } from "../../../components";
import { evaluate } from "../../../policy/rules";
import { expectProblems, problemsThrown } from "../../support/errors";
import {
  ACCOUNT,
  ANONYMOUS,
  OTHER_ACCOUNT,
  assumeRole,
  expectAllowed,
  expectDenied,
  type PolicySet,
} from "../../support/iam";
import { ofType, one, runProgram } from "../../support/mocks";

const GROUP = "apache/access";
const REGION = "eu-west-1";
const groupArn = (name: string, account = ACCOUNT) => `arn:aws:logs:${REGION}:${account}:log-group:${name}`;

function archived(args: Partial<LogPipelineArgs> = {}): Promise<{ run: MockRun; pipeline: Outputs }> {
  let outputs!: Promise<Outputs>;
  return runProgram(() => {
    const p = new LogPipeline("access", { logGroupName: GROUP, archive: {}, ...args });
    outputs = new Promise((resolve) => {
      if (!p.archive) {
        resolve({});
        return;
      }
      const a = p.archive;
      a.bucketName.apply((bucketName) =>
        a.bucketArn.apply((bucketArn) =>
          a.streamArn.apply((streamArn) =>
            a.keyArn.apply((keyArn) => resolve({ bucketName, bucketArn, streamArn, keyArn })),
          ),
        ),
      );
    });
  }).then(async (run) => ({ run, pipeline: await outputs }));
}

interface Outputs {
  bucketName?: string;
  bucketArn?: string;
  streamArn?: string;
  keyArn?: string;
}

const assumed = (role: PlannedResource) =>
  `arn:aws:sts::${ACCOUNT}:assumed-role/${String(role.state.name)}/s`;
const inline = (run: MockRun, role: PlannedResource) =>
  ofType(run, "aws:iam/rolePolicy:RolePolicy")
    .filter((p) => p.inputs.role === role.state.name)
    .map((p) => p.inputs.policy);

describe("LogPipeline archive", () => {
  let run: MockRun;
  let out: Outputs;
  before(async function () {
    this.timeout(30_000);
    ({ run, pipeline: out } = await archived());
  });

  it("creates no archive unless asked", async () => {
    const plain = await runProgram(() => new LogPipeline("access", { logGroupName: GROUP }));
    for (const t of [
      "aws:s3/bucket:Bucket",
      "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
      "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
      "aws:iam/role:Role",
    ])
      expect(ofType(plain, t), t).to.have.length(0);
  });

  it("exposes the bucket's name and ARN and the stream's ARN on the pipeline", () => {
    const bucket = one(run, "aws:s3/bucket:Bucket");
    const stream = one(run, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
    expect(out.bucketName).to.equal(bucket.state.bucket);
    expect(out.bucketArn).to.equal(bucket.state.arn);
    expect(out.streamArn).to.equal(stream.state.arn);
    expect(out.streamArn).to.match(/^arn:aws:firehose:eu-west-1:\d{12}:deliverystream\//);
  });

  it("keeps the bucket private, owner-enforced, versioned and encrypted with its own rotating CMK", () => {
    const bucket = one(run, "aws:s3/bucket:Bucket");
    expect(bucket.name).to.equal("access-archive");
    const pab = one(run, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock");
    expect(pab.inputs).to.deep.include({
      bucket: bucket.state.bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    expect(one(run, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule).to.deep.equal({
      objectOwnership: "BucketOwnerEnforced",
    });
    expect(one(run, "aws:s3/bucketVersioning:BucketVersioning").inputs.versioningConfiguration).to.deep.equal(
      {
        status: "Enabled",
      },
    );
    const key = one(run, "aws:kms/key:Key", "-archive-key");
    expect(key.inputs.enableKeyRotation).to.equal(true);
    expect(out.keyArn).to.equal(key.state.arn);
    const sse = one(
      run,
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    );
    expect(sse.inputs.rules).to.deep.equal([
      {
        applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.state.arn },
        bucketKeyEnabled: true,
      },
    ]);
  });

  it("moves objects to cheaper storage after the configured days, expires old versions and stale uploads", async () => {
    const rules = (r: MockRun) =>
      one(r, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as Record<
        string,
        unknown
      >[];
    const byId = (r: MockRun, id: string) => rules(r).find((x) => x.id === id)!;
    expect(byId(run, "archive-to-cheaper-storage")).to.deep.include({
      status: "Enabled",
      transitions: [{ days: LOG_PIPELINE_DEFAULTS.archive.transitionDays, storageClass: "STANDARD_IA" }],
    });
    expect(byId(run, "archive-to-cheaper-storage")).not.to.have.property("expiration");
    expect(byId(run, "expire-old-versions").noncurrentVersionExpiration).to.deep.equal({
      noncurrentDays: 90,
    });
    expect(byId(run, "abort-incomplete-uploads").abortIncompleteMultipartUpload).to.deep.equal({
      daysAfterInitiation: 7,
    });
    const custom = await archived({
      archive: {
        transitionDays: 7,
        storageClass: "GLACIER_IR",
        expirationDays: 400,
        noncurrentVersionDays: 14,
      },
    });
    expect(byId(custom.run, "archive-to-cheaper-storage")).to.deep.include({
      transitions: [{ days: 7, storageClass: "GLACIER_IR" }],
      expiration: { days: 400 },
    });
    expect(byId(custom.run, "expire-old-versions").noncurrentVersionExpiration).to.deep.equal({
      noncurrentDays: 14,
    });
  });

  it("delivers the extracted log lines GZIP-compressed under a dated prefix, failures under an error prefix", () => {
    const stream = one(run, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
    const bucket = one(run, "aws:s3/bucket:Bucket");
    const s3 = stream.inputs.extendedS3Configuration as Record<string, unknown>;
    expect(stream.inputs.destination).to.equal("extended_s3");
    expect(stream.inputs.serverSideEncryption).to.deep.equal({ enabled: true, keyType: "AWS_OWNED_CMK" });
    expect(s3).to.deep.include({
      bucketArn: bucket.state.arn,
      kmsKeyArn: out.keyArn,
      prefix: "logs/!{timestamp:yyyy/MM/dd}/",
      errorOutputPrefix: "errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
      compressionFormat: "GZIP",
      bufferingInterval: 300,
      bufferingSize: 5,
    });
    expect(s3.processingConfiguration).to.deep.equal({
      enabled: true,
      processors: [
        {
          type: "Decompression",
          parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }],
        },
        {
          type: "CloudWatchLogProcessing",
          parameters: [{ parameterName: "DataMessageExtraction", parameterValue: "true" }],
        },
      ],
    });
  });

  it("stores CloudWatch Logs' envelopes as delivered (already gzipped) when messages are not extracted", async () => {
    const raw = await archived({ archive: { extractMessages: false } });
    const s3 = one(raw.run, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream").inputs
      .extendedS3Configuration as Record<string, unknown>;
    expect(s3.compressionFormat).to.equal("UNCOMPRESSED");
    expect(s3.processingConfiguration).to.deep.equal({ enabled: false, processors: [] });
  });

  it("subscribes the stream to the group through its own role, after that role can deliver", () => {
    const sub = one(run, "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
    const role = one(run, "aws:iam/role:Role", "-archive-subscription-role");
    const policy = one(run, "aws:iam/rolePolicy:RolePolicy", "-archive-subscription-policy");
    expect(sub.inputs).to.deep.equal({
      name: "access-to-archive",
      logGroup: GROUP,
      filterPattern: "",
      destinationArn: out.streamArn,
      roleArn: role.state.arn,
    });
    expect(sub.dependencies).to.include(policy.urn);
  });

  it("lets CloudWatch Logs assume the subscription role only for this log group of this account", async () => {
    const role = one(run, "aws:iam/role:Role", "-archive-subscription-role");
    const trust: PolicySet = { resource: role.inputs.assumeRolePolicy };
    const assume = assumeRole(String(role.state.arn));
    const mine = { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": groupArn(GROUP) };
    await expectAllowed(assume("logs.amazonaws.com", mine), trust);
    await expectAllowed(assume(`logs.${REGION}.amazonaws.com`, mine), trust);
    await expectAllowed(
      assume("logs.amazonaws.com", { ...mine, "aws:SourceArn": `${groupArn(GROUP)}:*` }),
      trust,
    );
    await expectDenied(
      assume("logs.amazonaws.com", { ...mine, "aws:SourceArn": groupArn("apache/error") }),
      trust,
    );
    await expectDenied(
      assume("logs.amazonaws.com", { ...mine, "aws:SourceArn": groupArn(`${GROUP}-other`) }),
      trust,
    );
    await expectDenied(
      assume("logs.amazonaws.com", {
        "aws:SourceAccount": OTHER_ACCOUNT,
        "aws:SourceArn": groupArn(GROUP, OTHER_ACCOUNT),
      }),
      trust,
    );
    await expectDenied(assume("logs.amazonaws.com"), trust);
    await expectDenied(assume("firehose.amazonaws.com", mine), trust);
    await expectDenied(assume(ANONYMOUS), trust);
    await expectDenied(assume(`arn:aws:iam::${ACCOUNT}:role/someone-else`), trust);
  });

  it("lets the subscription role put records on this stream only", async () => {
    const role = one(run, "aws:iam/role:Role", "-archive-subscription-role");
    const id: PolicySet = { identity: inline(run, role) };
    const me = assumed(role);
    const stream = out.streamArn!;
    await expectAllowed({ principal: me, action: "firehose:PutRecordBatch", resource: stream }, id);
    await expectAllowed({ principal: me, action: "firehose:PutRecord", resource: stream }, id);
    await expectDenied({ principal: me, action: "firehose:PutRecordBatch", resource: `${stream}-other` }, id);
    await expectDenied({ principal: me, action: "firehose:DeleteDeliveryStream", resource: stream }, id);
    await expectDenied({ principal: me, action: "s3:PutObject", resource: `${out.bucketArn}/logs/x` }, id);
  });

  it("lets Firehose assume the delivery role for this account only", async () => {
    const role = one(run, "aws:iam/role:Role", "-archive-delivery-role");
    const trust: PolicySet = { resource: role.inputs.assumeRolePolicy };
    const assume = assumeRole(String(role.state.arn));
    await expectAllowed(
      assume("firehose.amazonaws.com", { "aws:SourceAccount": ACCOUNT, "aws:SourceArn": out.streamArn! }),
      trust,
    );
    await expectDenied(assume("firehose.amazonaws.com", { "aws:SourceAccount": OTHER_ACCOUNT }), trust);
    await expectDenied(assume("firehose.amazonaws.com"), trust);
    await expectDenied(assume("logs.amazonaws.com", { "aws:SourceAccount": ACCOUNT }), trust);
    await expectDenied(assume(ANONYMOUS), trust);
  });

  it("lets Firehose write archive and error objects of this bucket, over TLS, and use the key only through S3 for it", async () => {
    const role = one(run, "aws:iam/role:Role", "-archive-delivery-role");
    const me = assumed(role);
    const id: PolicySet = { identity: inline(run, role) };
    const bucket = out.bucketArn!;
    const key = out.keyArn!;
    const onBucket: PolicySet = {
      ...id,
      resource: one(run, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy,
    };
    const withKey: PolicySet = { ...id, resource: one(run, "aws:kms/key:Key", "-archive-key").inputs.policy };
    const object = `${bucket}/logs/2026/11/28/access-archive-1-2026-11-28-10-00-00-abc.gz`;
    const failed = `${bucket}/errors/processing-failed/2026/11/28/x.gz`;
    const s3 = (action: string, resource: string, context: Record<string, string> = {}) => ({
      principal: me,
      action,
      resource,
      context,
    });
    for (const a of ["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"]) {
      await expectAllowed(s3(a, object), onBucket);
      await expectAllowed(s3(a, failed), onBucket);
    }
    for (const a of ["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"])
      await expectAllowed(s3(a, bucket), onBucket);
    await expectDenied(s3("s3:PutObject", `${bucket}/elsewhere/x.gz`), onBucket);
    await expectDenied(s3("s3:DeleteObject", object), onBucket);
    await expectDenied(s3("s3:PutBucketPolicy", bucket), onBucket);
    await expectDenied(s3("s3:PutObject", "arn:aws:s3:::someone-elses-bucket/logs/x.gz"), id);
    await expectDenied(s3("s3:PutObject", object, { "aws:SecureTransport": "false" }), onBucket, true);

    const via = { "kms:ViaService": `s3.${REGION}.amazonaws.com` };
    const ec = "kms:EncryptionContext:aws:s3:arn";
    const kms = (action: string, context: Record<string, string>) => ({
      principal: me,
      action,
      resource: key,
      context,
    });
    await expectAllowed(kms("kms:GenerateDataKey", { ...via, [ec]: bucket }), withKey);
    await expectAllowed(kms("kms:GenerateDataKey", { ...via, [ec]: object }), withKey);
    await expectAllowed(kms("kms:Decrypt", { ...via, [ec]: bucket }), withKey);
    await expectDenied(
      kms("kms:GenerateDataKey", { ...via, [ec]: "arn:aws:s3:::someone-elses-bucket" }),
      withKey,
    );
    await expectDenied(kms("kms:GenerateDataKey", { [ec]: bucket }), withKey);
    await expectDenied(
      kms("kms:GenerateDataKey", { "kms:ViaService": `sqs.${REGION}.amazonaws.com`, [ec]: bucket }),
      withKey,
    );
    await expectDenied(kms("kms:Encrypt", { ...via, [ec]: bucket }), withKey);
    await expectDenied(
      { ...kms("kms:Decrypt", { ...via, [ec]: bucket }), resource: key.replace(/key\/.*/, "key/other") },
      id,
    );
  });

  it("admits no stranger to the bucket or the key", async () => {
    const grant = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:*", "kms:*"], Resource: "*" }],
    };
    const stranger = `arn:aws:sts::${OTHER_ACCOUNT}:assumed-role/reader/s`;
    const bucketPolicy = one(run, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy;
    const keyPolicy = one(run, "aws:kms/key:Key", "-archive-key").inputs.policy;
    const object = `${out.bucketArn}/logs/2026/11/28/x.gz`;
    await expectDenied(
      { principal: stranger, action: "s3:GetObject", resource: object },
      { identity: [grant], resource: bucketPolicy },
    );
    await expectDenied(
      { principal: ANONYMOUS, action: "s3:GetObject", resource: object },
      { resource: bucketPolicy },
    );
    await expectDenied(
      { principal: ANONYMOUS, action: "s3:PutObject", resource: object },
      { resource: bucketPolicy },
    );
    await expectDenied(
      { principal: stranger, action: "kms:Decrypt", resource: out.keyArn! },
      { identity: [grant], resource: keyPolicy },
    );
  });

  it("passes every rule of the policy pack", () => {
    const views = run.resources.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.inputs }));
    const outputs = run.resources.map((r) => ({ type: r.type, urn: r.urn, name: r.name, props: r.state }));
    expect(evaluate(views, undefined, outputs).map((v) => `${v.policy}: ${v.message}`)).to.deep.equal([]);
  });

  it("keeps the bucket and key on delete when protected", async () => {
    const kept = await archived({ protect: true });
    const bucket = one(kept.run, "aws:s3/bucket:Bucket");
    expect(bucket.protect && bucket.retainOnDelete).to.equal(true);
    expect(bucket.inputs.forceDestroy).to.equal(false);
    const key = one(kept.run, "aws:kms/key:Key", "-archive-key");
    expect(key.protect && key.retainOnDelete).to.equal(true);
    expect(one(run, "aws:s3/bucket:Bucket").inputs.forceDestroy).to.equal(true);
  });

  it("rejects an archive AWS would refuse, naming field, value and fix", () => {
    const problems = (archive: LogPipelineArgs["archive"], extra: Partial<LogPipelineArgs> = {}) =>
      problemsThrown(
        () => new LogPipeline("bad", { logGroupName: GROUP, archive, ...extra }),
        "LogPipeline",
        "bad",
      );
    const transition = problems({ transitionDays: 10 });
    expectProblems(transition, [{ propertyPath: "archive.transitionDays", value: 10 }]);
    expect(transition[0].reason).to.contain("30").and.contain("STANDARD_IA");
    const expiration = problems({ transitionDays: 60, expirationDays: 60 });
    expectProblems(expiration, [{ propertyPath: "archive.expirationDays", value: 60 }]);
    expect(expiration[0].reason).to.contain("`transitionDays` (60)");
    const noOutputType = problems({ errorPrefix: "failed/" });
    expectProblems(noOutputType, [{ propertyPath: "archive.errorPrefix", value: "failed/" }]);
    expect(noOutputType[0].reason).to.contain("!{firehose:error-output-type}");
    const shared = problems({ errorPrefix: "logs/!{firehose:error-output-type}/" });
    expectProblems(shared, [
      { propertyPath: "archive.errorPrefix", value: "logs/!{firehose:error-output-type}/" },
    ]);
    expect(shared[0].reason).to.contain('("logs/")');
    expectProblems(problems({ bufferingSizeMb: 0, bufferingIntervalSeconds: 901 }), [
      { propertyPath: "archive.bufferingIntervalSeconds", value: 901 },
      { propertyPath: "archive.bufferingSizeMb", value: 0 },
    ]);
    const storage = problems({ storageClass: "COLD" as never });
    expectProblems(storage, [{ propertyPath: "archive.storageClass", value: "COLD" }]);
    expect(storage[0].fix).to.contain("STANDARD_IA");
    expectProblems(problems({}, { logClass: "INFREQUENT_ACCESS" }), [
      { propertyPath: "archive", value: undefined },
    ]);
  });
});
