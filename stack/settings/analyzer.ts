import { z } from "zod";
import { boolean, fmt, numberFor, positiveInt, text, textFor } from "./fields";

const isCertificateArn = (v: unknown): v is string =>
  typeof v === "string" && /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[A-Za-z0-9-]+$/.test(v);

/**
 * `obskit:analyzer`: the log analytics service. Its schedule, exposure, origin name and task size
 * are the LogAnalyzerService's to check and default (LOG_ANALYZER_DEFAULTS), with the pairing of
 * exposure, certificate and origin name.
 */
export const analyzerShape = {
  analyzer: z
    .strictObject({
      enabled: boolean.default(true),
      prefix: text("an S3 key prefix")
        .refine((v) => v.length <= 1024, { error: (i) => `must be an S3 key prefix (got ${fmt(i.input)})` })
        .optional(),
      errorThreshold: positiveInt.optional(),
      schedule: textFor().optional(),
      http5xxThreshold: positiveInt.optional(),
      exposure: textFor().optional(),
      // replaced by `exposure`: say so rather than "not a known setting"
      cloudFront: z
        .unknown()
        .optional()
        .superRefine((v, ctx) => {
          if (v !== undefined)
            ctx.addIssue({
              code: "custom",
              message: `must not be set: it was replaced by obskit:analyzer.exposure (got ${fmt(v)}): use exposure: cloudfront (a private ALB behind CloudFront) or exposure: public-alb (an internet-facing ALB)`,
            });
        }),
      certificateArn: z
        .unknown()
        .refine(isCertificateArn, {
          error: (i) =>
            `must be an ACM certificate ARN such as arn:aws:acm:eu-west-1:123456789012:certificate/<id>, issued in the stack's region (got ${fmt(i.input)})`,
        })
        .optional(),
      originDomainName: textFor().optional(),
      desiredCount: numberFor().optional(),
      cpu: numberFor().optional(),
      memory: numberFor().optional(),
    })
    .default({ enabled: true }),
};
