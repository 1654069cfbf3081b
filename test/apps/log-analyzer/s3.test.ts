import { S3Client } from "@aws-sdk/client-s3";
import { expect } from "chai";
import { gzipSync } from "node:zlib";
import {
  analyzeLatestObject,
  findLatestObject,
  isDirectoryMarker,
  isLater,
  toAnalyzerError,
} from "../../../apps/log-analyzer/src/s3";
import { inBatches, startS3, TEST_REGION, type TestS3 } from "./helpers";
import { rejection } from "../../support/errors";

const T0 = new Date("2025-09-15T12:00:00Z");
const at = (seconds: number): Date => new Date(T0.getTime() + seconds * 1000);

describe("isLater (the 'latest' order)", () => {
  it("prefers the newer LastModified whatever the keys", () => {
    expect(isLater({ key: "a", lastModified: at(1) }, { key: "z", lastModified: at(0) })).to.equal(true);
    expect(isLater({ key: "z", lastModified: at(0) }, { key: "a", lastModified: at(1) })).to.equal(false);
  });

  it("breaks a LastModified tie by the greater key in S3's UTF-8 byte order", () => {
    expect(isLater({ key: "logs/b", lastModified: at(0) }, { key: "logs/a", lastModified: at(0) })).to.equal(
      true,
    );
    // UTF-16 order would put U+FF61 after U+1F600 (a surrogate pair); UTF-8 (S3's order) does not
    expect(
      isLater({ key: "logs/\u{1F600}", lastModified: at(0) }, { key: "logs/\uFF61", lastModified: at(0) }),
    ).to.equal(true);
  });

  it("treats only empty keys ending in / as directory markers", () => {
    expect(isDirectoryMarker("logs/", 0)).to.equal(true);
    expect(isDirectoryMarker("logs/", 12)).to.equal(false);
    expect(isDirectoryMarker("logs/a.jsonl", 0)).to.equal(false);
  });
});

describe("toAnalyzerError", () => {
  const context = { bucket: "b", prefix: "p/", operation: "ListObjectsV2" } as const;
  const sdkError = (name: string, status?: number, extra: Record<string, unknown> = {}) =>
    Object.assign(new Error(`${name} happened`), { name, $metadata: { httpStatusCode: status }, ...extra });

  it("maps S3's answers to the analyzer's errors", () => {
    expect(toAnalyzerError(sdkError("NoSuchBucket", 404), context).name).to.equal("BucketNotFoundError");
    expect(toAnalyzerError(sdkError("AccessDenied", 403), context).name).to.equal("AccessDeniedError");
    expect(toAnalyzerError(sdkError("Forbidden", 403), context).name).to.equal("AccessDeniedError");
    expect(
      toAnalyzerError(sdkError("NoSuchKey", 404), { ...context, operation: "GetObject", key: "k" }).name,
    ).to.equal("ObjectNotFoundError");
    expect(toAnalyzerError(sdkError("CredentialsProviderError"), context).name).to.equal("CredentialsError");
    expect(toAnalyzerError(sdkError("TimeoutError"), context).name).to.equal("UpstreamTimeoutError");
    expect(toAnalyzerError(sdkError("InternalError", 500), context).name).to.equal("UpstreamError");
    expect(toAnalyzerError(sdkError("Error", undefined, { code: "ECONNRESET" }), context).name).to.equal(
      "UpstreamError",
    );
    expect(toAnalyzerError(new Error("Region is missing"), context).name).to.equal("ConfigError");
  });

  it("reports any error raised after the caller's signal fired as the abort, not as an S3 failure", () => {
    // what a download cut by the abort surfaces as: the body stream's "aborted" / a reset socket
    const aborted = Object.assign(new Error("aborted"), { code: "ECONNRESET" });
    const clientGone = new AbortController();
    clientGone.abort(new Error("client closed the connection"));
    const timedOut = new AbortController();
    timedOut.abort(new DOMException("signal timed out", "TimeoutError"));
    const get = { ...context, operation: "GetObject", key: "k" } as const;
    const asAbort = toAnalyzerError(aborted, { ...get, signal: clientGone.signal });
    expect(asAbort.name).to.equal("AnalysisAbortedError");
    expect(asAbort.cause).to.equal(aborted);
    expect(toAnalyzerError(aborted, { ...get, signal: timedOut.signal }).name).to.equal(
      "AnalysisTimeoutError",
    );
    expect(toAnalyzerError(aborted, { ...get, signal: new AbortController().signal }).name).to.equal(
      "UpstreamError",
    );
  });

  it("says where it happened", () => {
    const error = toAnalyzerError(sdkError("SlowDown", 503), context);
    expect(error.message)
      .to.contain("ListObjectsV2 s3://b/p/")
      .and.contain("SlowDown")
      .and.contain("HTTP 503");
  });
});

describe("S3 against a local S3-compatible server", () => {
  let s3: TestS3;
  before(async () => {
    s3 = await startS3(["logs", "many", "empty"]);
  });
  after(async () => {
    await s3.close();
  });

  describe("findLatestObject", () => {
    before(async () => {
      // Arrange: the newest object has the smallest key; a newer object lies outside the prefix
      await s3.put("logs", "app/2025-09-15T12-00.jsonl", "{}\n", at(0));
      await s3.put("logs", "app/2025-09-15T11-00.jsonl", "{}\n", at(30));
      await s3.put("logs", "app/2025-09-15T13-00.jsonl", "{}\n", at(10));
      await s3.put("logs", "other/2025-09-15T14-00.jsonl", "{}\n", at(100));
      // a directory marker, newest of all
      await s3.put("logs", "app/", "", at(200));
      // three uploads in the same second
      for (const key of ["tie/b.jsonl", "tie/c.jsonl", "tie/a.jsonl"])
        await s3.put("logs", key, "{}\n", at(50));
    });

    it("picks the newest LastModified under the prefix, not the greatest key, and skips directory markers", async () => {
      const latest = await findLatestObject(s3.client, "logs", "app/");
      expect(latest.key).to.equal("app/2025-09-15T11-00.jsonl");
      expect(latest.lastModified.toISOString()).to.equal(at(30).toISOString());
      expect(latest.size).to.equal(3);
    });

    it("breaks LastModified ties by the greatest key", async () => {
      expect((await findLatestObject(s3.client, "logs", "tie/")).key).to.equal("tie/c.jsonl");
    });

    it("accepts a full key as the prefix", async () => {
      const latest = await findLatestObject(s3.client, "logs", "app/2025-09-15T12-00.jsonl");
      expect(latest.key).to.equal("app/2025-09-15T12-00.jsonl");
    });

    it("reads every page of a listing of more than 1,000 keys", async () => {
      // Arrange: 1,234 keys with the same LastModified, except one on the second page
      const keys = Array.from({ length: 1234 }, (_, k) => `day/${String(k).padStart(5, "0")}.jsonl`);
      await inBatches(keys, 16, (key) => s3.put("many", key, "{}\n", at(0)));
      await s3.setLastModified("many", "day/01100.jsonl", at(60));
      // Act
      const latest = await findLatestObject(s3.client, "many", "day/");
      // Assert: the first page alone would have given day/00999.jsonl
      expect(latest.key).to.equal("day/01100.jsonl");
    });

    it("rejects an empty prefix with NoObjectUnderPrefixError", async () => {
      const error = await rejection(findLatestObject(s3.client, "empty", "nothing/"));
      expect(error.name).to.equal("NoObjectUnderPrefixError");
      expect(error.message).to.contain("s3://empty/nothing/");
    });

    it("rejects a missing bucket with BucketNotFoundError", async () => {
      const error = await rejection(findLatestObject(s3.client, "no-such-bucket", "x/"));
      expect(error.name).to.equal("BucketNotFoundError");
      expect(error.message).to.contain("no-such-bucket");
    });

    it("rejects unknown credentials with AccessDeniedError", async () => {
      const stranger = new S3Client({
        endpoint: s3.endpoint,
        region: TEST_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: "SOMEONE", secretAccessKey: "ELSE" },
      });
      const error = await rejection(findLatestObject(stranger, "logs", "app/"));
      stranger.destroy();
      expect(error.name).to.equal("AccessDeniedError");
    });

    it("rejects an unreachable endpoint with UpstreamError", async () => {
      const nowhere = new S3Client({
        endpoint: "http://127.0.0.1:1",
        region: TEST_REGION,
        forcePathStyle: true,
        credentials: { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" },
        maxAttempts: 1,
      });
      const error = await rejection(findLatestObject(nowhere, "logs", "app/"));
      nowhere.destroy();
      expect(error.name).to.equal("UpstreamError");
    });
  });

  describe("analyzeLatestObject", () => {
    const lines = [
      '{"level":"ERROR","service":"api"}',
      '{"level":"INFO","service":"api"}',
      '{"level":"ERROR","service":"db"}',
      "oops",
      '{"level":"ERROR","service":"api"}',
    ].join("\n");

    it("analyses the latest object and names it in the summary", async () => {
      await s3.put("logs", "plain/old.jsonl", '{"level":"ERROR","service":"old"}\n', at(0));
      await s3.put("logs", "plain/new.jsonl", lines, at(5));
      const summary = await analyzeLatestObject(s3.client, {
        bucket: "logs",
        prefix: "plain/",
        threshold: 3,
      });
      expect(summary.source).to.deep.equal({
        type: "s3",
        bucket: "logs",
        prefix: "plain/",
        key: "plain/new.jsonl",
        lastModified: at(5).toISOString(),
        size: Buffer.byteLength(lines),
      });
      expect(summary).to.deep.include({
        linesRead: 5,
        errorsTotal: 3,
        threshold: 3,
        thresholdBreached: true,
      });
      expect(summary.errorsByService).to.deep.equal([
        { service: "api", count: 2 },
        { service: "db", count: 1 },
      ]);
      expect(summary.malformedLines).to.deep.equal({ count: 1, firstLineNumbers: [4], tooLong: 0 });
    });

    it("decompresses a gzip object", async () => {
      await s3.put("logs", "gz/app.jsonl.gz", gzipSync(lines), at(0));
      const summary = await analyzeLatestObject(s3.client, { bucket: "logs", prefix: "gz/" });
      expect(summary).to.deep.include({ errorsTotal: 3, compressed: true });
      expect(summary.source).to.deep.include({ key: "gz/app.jsonl.gz" });
    });
  });
});
