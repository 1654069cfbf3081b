import { problem, type ArgumentProblem } from "../../../components/errors";
import type * as pulumi from "@pulumi/pulumi";
import { fargateTaskProblems } from "../../containers";
import type { AlertingPath, LogPipeline } from "../../../components";
import { scheduleExpressionProblems } from "../../../components/schedule";

/** How the API is reached from the internet. */
export const ANALYZER_EXPOSURES = ["cloudfront", "public-alb"] as const;
export type AnalyzerExposure = (typeof ANALYZER_EXPOSURES)[number];
/**
 * The security group CloudFront creates in a VPC with its first VPC origin; the elastic network
 * interfaces through which every VPC origin of the account in that VPC reaches its origin carry it.
 */
export const CLOUDFRONT_VPC_ORIGIN_SG = "CloudFront-VPCOrigins-Service-SG";
/** The header CloudFront adds to every origin request and the ALB requires (defence in depth). */
export const ORIGIN_SECRET_HEADER = "X-Origin-Verify";
/** AWS managed CloudFront policies: no caching; forward everything but the Host header. */
export const CACHING_DISABLED = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
export const ALL_VIEWER_EXCEPT_HOST = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
const DNS_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;
/** The port the API listens on in its container. */
export const PORT = 8080;

/** The defaults of LogAnalyzerServiceArgs, written once (docs/configuration.md states the same). */
export const LOG_ANALYZER_DEFAULTS = {
  prefix: "",
  errorThreshold: 1,
  schedule: "rate(5 minutes)",
  http5xxThreshold: 5,
  exposure: "cloudfront" as "cloudfront" | "public-alb",
  desiredCount: 1,
  cpu: 256,
  memory: 512,
  protect: false,
};

export interface LogAnalyzerServiceArgs {
  /** Pipeline whose log group receives the service's and the scheduled run's logs. */
  logs: LogPipeline;
  /** Alerting path for the 5xx and error-threshold alarms. */
  alerting: AlertingPath;
  /** Key prefix the scheduled run analyses the latest object under. @default "" (the whole bucket) */
  prefix?: string;
  /** Error count at which the scheduled run's alarm fires. @default 1 */
  errorThreshold?: number;
  /** EventBridge schedule of the run. @default "rate(5 minutes)" */
  schedule?: string;
  /** 5xx responses per 5 minutes (ALB-generated or from targets) that fire the 5xx alarms. @default 5 */
  http5xxThreshold?: number;
  /**
   * How the API is reached. `"cloudfront"`: an **internal** ALB reached only through a CloudFront
   * VPC origin; its security group admits only CloudFront's VPC-origin interfaces
   * ({@link CLOUDFRONT_VPC_ORIGIN_SG}) and its listener answers 403 unless the request carries the
   * origin secret header ({@link ORIGIN_SECRET_HEADER}). `"public-alb"`: an internet-facing ALB open
   * to 0.0.0.0/0 and ::/0 (a development convenience). @default "cloudfront"
   */
  exposure?: AnalyzerExposure;
  /**
   * ACM certificate (in the ALB's region) for an HTTPS listener on the ALB. With `"cloudfront"`,
   * CloudFront then reaches the ALB over HTTPS only (TLS 1.2) and `originDomainName` is required;
   * with `"public-alb"`, port 80 redirects to 443. @default none (HTTP only)
   */
  certificateArn?: pulumi.Input<string>;
  /**
   * With `"cloudfront"` and a certificate: the DNS name CloudFront uses for the origin (SNI, Host)
   * and validates the ALB's certificate against; the certificate must cover it.
   * @default none (only allowed, and then required, with "cloudfront" and a certificateArn)
   */
  originDomainName?: string;
  /** Number of tasks. @default 1 */
  desiredCount?: number;
  /** Task CPU units. @default 256 */
  cpu?: number;
  /** Task memory in MiB. @default 512 */
  memory?: number;
  /** Protect the bucket and its key; otherwise they are deleted with the stack. @default false */
  protect?: boolean;
  /** Tags for every child. @default {} */
  tags?: Record<string, string>;
}

/** Every problem with `args`, each naming the field, the value and the fix (empty when valid). */
export function validateLogAnalyzerServiceArgs(args: LogAnalyzerServiceArgs): ArgumentProblem[] {
  const problems: ArgumentProblem[] = [];
  const exposure: unknown = args.exposure ?? LOG_ANALYZER_DEFAULTS.exposure;
  if (!(ANALYZER_EXPOSURES as readonly unknown[]).includes(exposure)) {
    const list = ANALYZER_EXPOSURES.map((e) => `"${e}"`).join(", ");
    problems.push(problem("exposure", exposure, `must be one of ${list}`, `use one of ${list}`));
  } else if (
    exposure === "cloudfront" &&
    args.certificateArn !== undefined &&
    args.originDomainName === undefined
  ) {
    problems.push(
      problem(
        "originDomainName",
        undefined,
        'is required with exposure "cloudfront" and a certificateArn',
        "set it to the DNS name the certificate covers, e.g. analyzer-origin.example.com",
      ),
    );
  }
  if (args.originDomainName !== undefined) {
    if (exposure !== "cloudfront" || args.certificateArn === undefined) {
      problems.push(
        problem(
          "originDomainName",
          args.originDomainName,
          `is used only with exposure "cloudfront" and a certificateArn (the exposure is ${JSON.stringify(exposure)}${args.certificateArn === undefined ? " and there is no certificateArn" : ""})`,
          "remove it, or set both",
        ),
      );
    } else if (!DNS_NAME.test(args.originDomainName)) {
      problems.push(
        problem(
          "originDomainName",
          args.originDomainName,
          "must be a lower-case DNS name",
          "use one such as analyzer-origin.example.com",
        ),
      );
    }
  }
  if (args.schedule !== undefined) problems.push(...scheduleExpressionProblems("schedule", args.schedule));
  problems.push(...fargateTaskProblems(args, LOG_ANALYZER_DEFAULTS));
  return problems;
}

/**
 * The log analytics service on AWS: the JSONL bucket (CMK, versioned, public access blocked, TLS-only), the analyzer's
 * HTTP API on Fargate behind an Application Load Balancer (by default an internal ALB reached only
 * through a CloudFront VPC origin and an origin secret header; optionally a public ALB), its task
 * allowed only to list and read that bucket, a scheduled run (EventBridge → Lambda on the same
 * core) publishing the error count as a metric, and alarms on 5xx and on the error threshold.
 */
/** What every part of the analyzer deployment shares: built once by LogAnalyzerService. */
export interface AnalyzerContext {
  /** The component's name: every child is `<name>-<role>`. */
  readonly name: string;
  /** The component every child belongs to. */
  readonly parent: pulumi.Resource;
  readonly args: LogAnalyzerServiceArgs;
  readonly tags: Record<string, string>;
  readonly protect: boolean;
  readonly accountId: pulumi.Output<string>;
  readonly region: pulumi.Output<string>;
}
