import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Real CloudTrail records, as printed in the AWS documentation's example log entries (CloudTrail,
 * KMS, IAM, EC2, S3 and AWS Config guides), one JSON file per documentation page under
 * `records/`: `{ source: { title, url, publishedIn }, records: [{ section, url, record }] }`.
 * They are the samples of the CIS metric filters (`cis.ts`): CloudTrail delivers each record to
 * CloudWatch Logs as one log event, the record's JSON on one line.
 */
export interface DocumentedRecord {
  /** `<file name without .json>#<index in the file>`, e.g. `kms-developer-guide--ct-disablekey#0`. */
  id: string;
  /** Title of the documentation page. */
  title: string;
  /** The page, with the anchor of the section showing the record. */
  url: string;
  /** The section heading above the record. */
  section: string;
  /** The record, parsed. */
  record: Record<string, unknown>;
  /** The log event CloudWatch Logs receives for it: the record as one line of JSON. */
  line: string;
}

interface RecordFile {
  source: { title: string; url: string; publishedIn: string };
  records: { section: string; url: string; record: Record<string, unknown> }[];
}

/** The folder of the record files. */
export const RECORDS_DIR = path.join(__dirname, "records");

let loaded: DocumentedRecord[] | undefined;

/** Every documented record, in file and index order (read once). */
export function documentedRecords(): DocumentedRecord[] {
  loaded ??= fs
    .readdirSync(RECORDS_DIR)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => {
      const file = JSON.parse(fs.readFileSync(path.join(RECORDS_DIR, f), "utf8")) as RecordFile;
      return file.records.map((r, i) => ({
        id: `${f.replace(/\.json$/, "")}#${i}`,
        title: file.source.title,
        url: r.url,
        section: r.section,
        record: r.record,
        line: JSON.stringify(r.record),
      }));
    });
  return loaded;
}

/** The log line of the documented record `id`; throws naming the id when there is none. */
export function recordLine(id: string): string {
  const found = documentedRecords().find((r) => r.id === id);
  if (!found) throw new Error(`no documented CloudTrail record ${JSON.stringify(id)} in ${RECORDS_DIR}`);
  return found.line;
}
