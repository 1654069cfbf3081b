/**
 * The package's public API report (`api/obskit-components.api.md`), made by `@microsoft/api-extractor`
 * from the declarations of `components/index.ts`. `npm test` checks it (`test/scripts/apiReport.test.ts`):
 * a change to the public API fails until the report is updated with `npm run api:update` — and the
 * CHANGELOG says what changed.
 *
 * Usage: `npm run api:check` (fails on a difference) or `npm run api:update` (writes the report).
 */
import { Extractor, ExtractorConfig, ExtractorLogLevel, type IConfigFile } from "@microsoft/api-extractor";
import * as fs from "node:fs";
import * as path from "node:path";
import * as ts from "typescript";

const ROOT = path.resolve(__dirname, "..");
/** The committed report. */
export const API_REPORT_FOLDER = path.join(ROOT, "api");
export const API_REPORT_FILE = path.join(API_REPORT_FOLDER, "obskit-components.api.md");

/** Emits the declarations of `components/index.ts` (and what it reaches) into `outDir`; throws on a compile error. */
export function emitDeclarations(outDir: string): string {
  const parsed = ts.getParsedCommandLineOfConfigFile(
    path.join(ROOT, "components", "tsconfig.build.json"),
    { declaration: true, emitDeclarationOnly: true, outDir, noEmit: false },
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
      },
    },
  );
  if (!parsed) throw new Error("components/tsconfig.build.json could not be read");
  const program = ts.createProgram(parsed.fileNames, parsed.options);
  const result = program.emit();
  const errors = [...ts.getPreEmitDiagnostics(program), ...result.diagnostics].filter(
    (d) => d.category === ts.DiagnosticCategory.Error,
  );
  if (errors.length)
    throw new Error(
      ts.formatDiagnostics(errors, {
        getCanonicalFileName: (f) => f,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => "\n",
      }),
    );
  return path.join(outDir, "index.d.ts");
}

export interface ApiReportResult {
  /** Whether the declarations match the committed report (always true with `update`). */
  upToDate: boolean;
  /** The report api-extractor made from the declarations. */
  report: string;
  /** api-extractor's errors and warnings. */
  messages: string[];
}

/**
 * Makes the report of the declarations at `entry` and compares it with the committed one; with
 * `update`, writes it instead.
 */
export function apiReport(
  entry: string,
  opts: { update?: boolean; reportFolder?: string } = {},
): ApiReportResult {
  const reportFolder = opts.reportFolder ?? API_REPORT_FOLDER;
  const tempFolder = path.join(path.dirname(entry), ".api-temp");
  fs.mkdirSync(tempFolder, { recursive: true });
  const configObject: IConfigFile = {
    projectFolder: path.dirname(entry),
    mainEntryPointFilePath: entry,
    compiler: {
      overrideTsconfig: { compilerOptions: { lib: ["ES2022"], types: ["node"], skipLibCheck: true } },
    },
    apiReport: {
      enabled: true,
      reportFileName: "obskit-components.api.md",
      reportFolder,
      reportTempFolder: tempFolder,
    },
    docModel: { enabled: false },
    dtsRollup: { enabled: false },
    tsdocMetadata: { enabled: false },
    messages: {
      compilerMessageReporting: { default: { logLevel: ExtractorLogLevel.Warning } },
      extractorMessageReporting: {
        default: { logLevel: ExtractorLogLevel.Warning },
        // release tags (@public/@beta) are not used: everything exported is public
        "ae-missing-release-tag": { logLevel: ExtractorLogLevel.None },
        // doc comments are checked where they matter (every argument's, by the layout test)
        "ae-undocumented": { logLevel: ExtractorLogLevel.None },
      },
      tsdocMessageReporting: { default: { logLevel: ExtractorLogLevel.None } },
    },
  };
  const config = ExtractorConfig.prepare({
    configObject,
    configObjectFullPath: undefined,
    packageJsonFullPath: path.join(ROOT, "components", "package.json"),
  });
  const messages: string[] = [];
  const result = Extractor.invoke(config, {
    localBuild: opts.update === true,
    showVerboseMessages: false,
    messageCallback: (m) => {
      if (m.logLevel === ExtractorLogLevel.Error || m.logLevel === ExtractorLogLevel.Warning)
        messages.push(m.formatMessageWithLocation(ROOT));
      m.handled = true;
    },
  });
  const made = path.join(tempFolder, "obskit-components.api.md");
  return {
    upToDate: opts.update === true || !result.apiReportChanged,
    report: fs.existsSync(made) ? fs.readFileSync(made, "utf8") : "",
    messages,
  };
}

if (require.main === module) {
  const update = process.argv.includes("--update");
  // not under node_modules: API Extractor takes what is there for other packages' declarations
  const out = path.join(ROOT, "dist", "api-declarations");
  fs.rmSync(out, { recursive: true, force: true });
  const r = apiReport(emitDeclarations(out), { update });
  for (const m of r.messages) console.error(m);
  if (update) console.log(`wrote ${path.relative(process.cwd(), API_REPORT_FILE)}`);
  else if (!r.upToDate) {
    console.error(
      `The public API of components/ changed and ${path.relative(process.cwd(), API_REPORT_FILE)} does not say so: run npm run api:update, review the diff, and say in components/CHANGELOG.md what changed.`,
    );
    process.exit(1);
  } else console.log("the public API matches api/obskit-components.api.md");
}
