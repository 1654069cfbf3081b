/**
 * Proving policies by simulated requests: a request {principal, action, resource, context} is
 * evaluated against the identity, resource and trust policies that apply to it with
 * `@cloud-copilot/iam-simulate`, and its result (Allowed or denied) is asserted.
 *
 * The package's `runSimulation` validates the policies and the request (unknown action, wrong
 * resource type) but silently drops context keys it does not list for the action, e.g.
 * `kms:EncryptionContext:aws:logs:arn` (its key table does not match the
 * `kms:EncryptionContext:${key}` template for keys containing `:`). A Denied could then pass for
 * the wrong reason. So every request is evaluated by the package's core `authorize`, which takes
 * the full context; `runSimulation` is run first for validation, and any context key it drops
 * outside that documented KMS family fails the test. Where nothing is dropped, both evaluations
 * must agree.
 */
import * as path from "node:path";
import {
  anonymousPrincipal,
  runSimulation,
  isWildcardOnlyAction,
  type EvaluationResult,
  type SimulationRequestPrincipal,
} from "@cloud-copilot/iam-simulate";
import { loadPolicy } from "@cloud-copilot/iam-policy";

// The core engine is not in the package's export map; it is loaded from the package's own directory.
const dist = path.dirname(require.resolve("@cloud-copilot/iam-simulate"));
/* eslint-disable @typescript-eslint/no-require-imports */
const core = require(path.join(dist, "core_engine/CoreSimulatorEngine.js")) as {
  authorize(request: unknown): { result: EvaluationResult };
};
const { AwsRequestImpl } = require(path.join(dist, "request/request.js")) as {
  AwsRequestImpl: new (
    principal: SimulationRequestPrincipal,
    resource: { resource: string; accountId: string },
    action: string,
    context: unknown,
    wildcardOnlyAction: boolean,
  ) => unknown;
};
const { RequestContextImpl } = require(path.join(dist, "requestContext.js")) as {
  RequestContextImpl: new (values: Record<string, string | string[]>) => unknown;
};
/* eslint-enable @typescript-eslint/no-require-imports */

/** The account every test plan runs in (the mocks' account). */
export const ACCOUNT = "123456789012";
/** Another account, for confused-deputy and cross-account cases. */
export const OTHER_ACCOUNT = "111122223333";
export const ANONYMOUS = "anonymous" as const;

export interface IamRequest {
  /** An ARN, a service principal (`logs.eu-west-1.amazonaws.com`) or {@link ANONYMOUS}. */
  principal: string;
  action: string;
  /** ARN of the resource, or `*` for an action without resource-level permissions. */
  resource: string;
  /** Request context; `aws:SecureTransport` defaults to `"true"`. */
  context?: Record<string, string | string[]>;
  /** The account owning the resource. @default ACCOUNT */
  resourceAccount?: string;
}

export interface PolicySet {
  /** Policies attached to the principal (a role's inline policies). */
  identity?: unknown[];
  /** The resource's policy: a key, bucket, topic, queue or Lambda policy, or a role's trust policy. */
  resource?: unknown;
}

const parse = (p: unknown): unknown => (typeof p === "string" ? JSON.parse(p) : p);

/** Context keys the package drops although AWS sends them, evaluated with the full context. */
const KNOWN_DROPPED = /^kms:EncryptionContext:/i;

/** The result of `req` against `policies`; throws when the simulation could not be trusted. */
export async function simulate(req: IamRequest, policies: PolicySet): Promise<EvaluationResult> {
  const context = { "aws:SecureTransport": "true", ...(req.context ?? {}) };
  const principal: SimulationRequestPrincipal =
    req.principal === ANONYMOUS ? anonymousPrincipal : req.principal;
  const accountId = req.resourceAccount ?? ACCOUNT;
  const identity = (policies.identity ?? []).map((p, i) => ({ name: `identity-${i}`, policy: parse(p) }));
  const resource = policies.resource === undefined ? undefined : parse(policies.resource);
  const checked = await runSimulation(
    {
      request: {
        principal,
        action: req.action,
        resource: { resource: req.resource, accountId },
        contextVariables: context,
      },
      identityPolicies: identity,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: resource,
    },
    { simulationMode: "Strict" },
  );
  if (checked.resultType === "error") {
    throw new Error(
      `simulation of ${req.action} on ${req.resource} failed: ${JSON.stringify(checked.errors)}`,
    );
  }
  const ignored = [
    ...new Set(
      (checked.resultType === "single" ? [checked.result] : checked.results).flatMap(
        (r) => r.ignoredContextKeys ?? [],
      ),
    ),
  ];
  const unknown = ignored.filter((k) => !KNOWN_DROPPED.test(k));
  if (unknown.length > 0) {
    throw new Error(
      `the simulator ignored context key(s) ${unknown.join(", ")} for ${req.action}: AWS does not send them for this action, so the test would not prove what it claims`,
    );
  }
  const [service, action] = req.action.split(":");
  const analysis = core.authorize({
    request: new AwsRequestImpl(
      principal,
      { resource: req.resource, accountId },
      req.action,
      new RequestContextImpl(context),
      await isWildcardOnlyAction(service, action),
    ),
    sessionPolicy: undefined,
    identityPolicies: identity.map((p) => loadPolicy(p.policy as never, { name: p.name })),
    serviceControlPolicies: [],
    resourceControlPolicies: [],
    resourcePolicy: resource === undefined ? undefined : loadPolicy(resource as never, { name: "resource" }),
    permissionBoundaries: undefined,
    vpcEndpointPolicies: undefined,
    simulationParameters: { simulationMode: "Strict", discoveryContextKeyConstraints: emptyConstraints() },
  });
  if (ignored.length === 0 && analysis.result !== checked.overallResult) {
    throw new Error(
      `core evaluation (${analysis.result}) disagrees with runSimulation (${checked.overallResult}) for ${req.action} on ${req.resource}`,
    );
  }
  return analysis.result;
}

function emptyConstraints(): unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require(path.join(dist, "context_keys/discoveryContextKeyConstraints.js")) as {
    DiscoveryContextKeyConstraints: new (c: unknown[]) => unknown;
  };
  return new m.DiscoveryContextKeyConstraints([]);
}

function describe(req: IamRequest): string {
  const ctx = Object.entries(req.context ?? {})
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(", ");
  return `${req.principal} ${req.action} on ${req.resource}${ctx ? ` (${ctx})` : ""}`;
}

/**
 * `sts:AssumeRole` requests on `roleArn`: `assume(principal, context)` is checked against the role's
 * trust policy (`{ resource: role.inputs.assumeRolePolicy }`).
 */
export function assumeRole(
  roleArn: string,
): (principal: string, context?: Record<string, string>) => IamRequest {
  return (principal, context = {}) => ({ principal, action: "sts:AssumeRole", resource: roleArn, context });
}

/** Asserts that `req` is allowed by `policies`. */
export async function expectAllowed(req: IamRequest, policies: PolicySet): Promise<void> {
  const result = await simulate(req, policies);
  if (result !== "Allowed") throw new Error(`expected Allowed, got ${result}: ${describe(req)}`);
}

/** Asserts that `req` is denied (implicitly, or explicitly when `explicit`) by `policies`. */
export async function expectDenied(req: IamRequest, policies: PolicySet, explicit?: boolean): Promise<void> {
  const result = await simulate(req, policies);
  const ok =
    explicit === undefined
      ? result !== "Allowed"
      : result === (explicit ? "ExplicitlyDenied" : "ImplicitlyDenied");
  if (!ok) {
    const want = explicit === undefined ? "denied" : explicit ? "ExplicitlyDenied" : "ImplicitlyDenied";
    throw new Error(`expected ${want}, got ${result}: ${describe(req)}`);
  }
}
