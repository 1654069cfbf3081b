/**
 * Test helpers: a real S3-compatible server (s3rver) on 127.0.0.1, port 0, in a temp directory.
 */
import { CreateBucketCommand, PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { mkdtemp, rm, stat, utimes } from "node:fs/promises";
import { spawn, type ChildProcess } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * s3rver runs in a child process: its ListObjectsV2 continuation tokens are DES-encrypted, and
 * Node's OpenSSL 3 only offers DES with `--openssl-legacy-provider`, a flag that cannot be turned on
 * inside the running test process. Without it every listing of more than 1,000 keys fails with
 * HTTP 500.
 */
const S3RVER_MAIN = `
const S3rver = require(process.argv[1]);
const options = JSON.parse(process.argv[2]);
new S3rver(options).run().then(
  (address) => process.stdout.write(JSON.stringify({ port: address.port }) + "\\n"),
  (error) => { process.stderr.write(String(error && error.stack)); process.exit(1); },
);
`;

/** Starts s3rver in a child process and resolves with it and its port. */
function spawnS3rver(options: object): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(
    process.execPath,
    ["--openssl-legacy-provider", "-e", S3RVER_MAIN, require.resolve("s3rver"), JSON.stringify(options)],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n")) resolve({ child, port: (JSON.parse(line) as { port: number }).port });
    });
    child.on("exit", (code) => reject(new Error(`s3rver exited (${code}) before listening: ${err}`)));
  });
}

/** Dummy credentials: s3rver checks signatures made with these. */
export const TEST_CREDENTIALS = { accessKeyId: "S3RVER", secretAccessKey: "S3RVER" } as const;
/** Region the test clients sign for. */
export const TEST_REGION = "us-east-1";

/** A running s3rver. */
export interface TestS3 {
  /** http://127.0.0.1:<port> */
  readonly endpoint: string;
  /** A client for it (path-style, dummy credentials). */
  readonly client: S3Client;
  /** Where s3rver keeps the objects. */
  readonly directory: string;
  /** PutObject, then (optionally) set the object's LastModified. */
  put(bucket: string, key: string, body: string | Uint8Array, lastModified?: Date): Promise<void>;
  /** Sets LastModified of a stored object (s3rver reports the file's mtime, to the second). */
  setLastModified(bucket: string, key: string, lastModified: Date): Promise<void>;
  /** Stops the server and deletes its directory. */
  close(): Promise<void>;
}

/** Environment variables that point the SDK's default chain at the test server. */
export function testAwsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_ACCESS_KEY_ID: TEST_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: TEST_CREDENTIALS.secretAccessKey,
    AWS_REGION: TEST_REGION,
    S3_ENDPOINT: endpoint,
  };
}

/** Starts s3rver with the given buckets. */
export async function startS3(buckets: string[]): Promise<TestS3> {
  const directory = await mkdtemp(join(tmpdir(), "log-analyzer-s3-"));
  const { child, port } = await spawnS3rver({
    address: "127.0.0.1",
    port: 0,
    silent: true,
    directory,
    configureBuckets: buckets.map((name) => ({ name })),
  });
  const endpoint = `http://127.0.0.1:${port}`;
  const client = new S3Client({
    endpoint,
    region: TEST_REGION,
    forcePathStyle: true,
    credentials: TEST_CREDENTIALS,
  });
  // s3rver's filesystem layout on POSIX: <dir>/<bucket>/<key>._S3rver_object
  const objectPath = (bucket: string, key: string): string =>
    join(directory, bucket, `${key}._S3rver_object`);
  const setLastModified = async (bucket: string, key: string, lastModified: Date): Promise<void> => {
    await utimes(objectPath(bucket, key), lastModified, lastModified);
  };
  /**
   * s3rver answers a PutObject of a buffer before its file write has finished; a write landing
   * after our utimes would stamp the object "now". Wait until the file holds the whole body.
   */
  const written = async (bucket: string, key: string, bytes: number): Promise<void> => {
    for (let attempt = 0; attempt < 500; attempt++) {
      const size = await stat(objectPath(bucket, key)).then(
        (s) => s.size,
        () => -1,
      );
      if (size === bytes) return;
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throw new Error(`s3rver never finished writing s3://${bucket}/${key}`);
  };
  return {
    endpoint,
    client,
    directory,
    async put(bucket, key, body, lastModified) {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
      if (lastModified) {
        await written(bucket, key, typeof body === "string" ? Buffer.byteLength(body) : body.length);
        await setLastModified(bucket, key, lastModified);
      }
    },
    setLastModified,
    async close() {
      client.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Creates a bucket on a running server. */
export async function createBucket(s3: TestS3, bucket: string): Promise<void> {
  await s3.client.send(new CreateBucketCommand({ Bucket: bucket }));
}

/** Runs `fn` over `items` with at most `limit` in flight. */
export async function inBatches<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]);
  };
  await Promise.all(Array.from({ length: limit }, worker));
}
