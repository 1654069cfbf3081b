import type { PolicyViolation } from "../../policy/offline";
import type { ModelResource, StackModel } from "../../model";

const str = (v: unknown): string => (typeof v === "string" ? v : JSON.stringify(v));

/** The settings worth seeing at a glance: the type table's summary of the type, else the name it was given. */
function keySettings(r: ModelResource): string {
  const given = (r.info?.nameProperties ?? ["name"]).map((p) => r.inputs[p]).find((v) => v !== undefined);
  const shown = r.info?.summary ? r.info.summary(r.inputs) : { name: given };
  const parts = Object.entries(shown)
    .filter(([, v]) => v !== undefined && v !== null && v !== "")
    .map(([label, v]) => `${label}=${str(v)}`);
  if (r.protect) parts.push("[protected]");
  return parts.join("  ");
}

/**
 * How many resources the plan declares: every one `--json` lists (the stack resource included),
 * then what they are.
 */
export function resourceCount(run: { resources: readonly { type: string; custom: boolean }[] }): string {
  const stacks = run.resources.filter((r) => r.type === "pulumi:pulumi:Stack").length;
  const cloud = run.resources.filter((r) => r.custom).length;
  const components = run.resources.length - stacks - cloud;
  return `${run.resources.length} resources: ${stacks} stack, ${components} components, ${cloud} cloud resources`;
}

/** The plan as a person reads it: a resource tree with key settings, outputs, policy, mocked look-ups. */
export function renderPlan(model: StackModel, violations: PolicyViolation[]): string {
  const { run } = model;
  const children = new Map<string | undefined, ModelResource[]>();
  for (const r of model.resources) {
    const list = children.get(r.parent) ?? [];
    list.push(r);
    children.set(r.parent, list);
  }
  const lines: string[] = [];
  const walk = (r: ModelResource, prefix: string, last: boolean, root: boolean): void => {
    const branch = root ? "" : last ? "└─ " : "├─ ";
    const settings = keySettings(r);
    lines.push(`${prefix}${branch}${r.type}  ${r.name}${settings ? `  ${settings}` : ""}`);
    const kids = children.get(r.urn) ?? [];
    kids.forEach((k, idx) =>
      walk(k, root ? "" : prefix + (last ? "   " : "│  "), idx === kids.length - 1, false),
    );
  };
  const roots = children.get(undefined) ?? [];
  lines.push(`Plan for ${run.project}/${run.stack}: ${resourceCount(run)} (offline, under mocks)`, "");
  roots.forEach((r) => walk(r, "", true, true));
  lines.push("", "Outputs:");
  for (const [k, v] of Object.entries(run.outputs)) lines.push(`  ${k}: ${JSON.stringify(v)}`);
  lines.push(
    "",
    `Policy: ${violations.length === 0 ? "no violations" : `${violations.length} violation(s)`}`,
  );
  for (const v of violations)
    lines.push(`  [${v.level}] ${v.policy}: ${v.message}\n      ${v.urn || "(the stack as a whole)"}`);
  const tokens = [...new Set(run.calls.map((c) => c.token))];
  if (tokens.length > 0) {
    lines.push("", "Data sources answered by mocks with fake values (account 123456789012):");
    for (const t of tokens) lines.push(`  ${t}`);
  }
  return `${lines.join("\n")}\n`;
}
