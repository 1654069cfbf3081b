import type { Category } from "./estimate";
import type { CostReport } from "./report";

const usd = (n: number): string => `$${n.toFixed(2)}`;
const signed = (n: number): string => `${n >= 0 ? "+" : "−"}$${Math.abs(n).toFixed(2)}`;

/** The report as text: line items by category, assumptions beside them, settings, the platform design's estimate. */
export function renderCost(r: CostReport): string {
  const out: string[] = [];
  const e = r.estimate;
  out.push(`Monthly cost estimate for obskit/${r.stack} (${r.region}): ${usd(e.totalUsd)}/month`);
  out.push(`Prices: ${r.prices.file}, list prices as of ${r.prices.asOf} (${r.prices.kind}).`);
  out.push(
    `${r.prices.confirmed} of ${r.prices.items} prices confirmed by their AWS pricing page's text; the others as written on that date (each item's "checked" says which).`,
  );
  out.push(
    "Traffic is assumed where the plan cannot say; each assumption is printed under the line it drives.",
  );
  const categories = [...new Set(e.lines.map((l) => l.category))];
  for (const c of categories) {
    out.push("", `${c}: ${usd(e.byCategory[c] ?? 0)}`);
    const said = new Set<string>();
    for (const l of e.lines.filter((x) => x.category === c)) {
      out.push(
        `  ${usd(l.monthlyUsd).padStart(9)}  ${l.item}: ${l.quantityLabel} at $${l.unitPrice} ${l.unit.replace(/^USD /, "")}`,
      );
      const notes = l.assumptions.filter((a) => !said.has(a));
      for (const a of notes) said.add(a);
      if (notes.length > 0) out.push(`             assumes ${notes.join("; ")}`);
    }
  }
  if (e.notPriced.length > 0) {
    out.push("", "Not priced (planned, but not in the total):");
    for (const n of e.notPriced) out.push(`  ${n.resource} (${n.type}): ${n.reason}`);
  }
  out.push("", "What the stage's settings cost (the stack re-planned with the other value):");
  for (const s of r.settings) {
    if (s.notPossible !== undefined) {
      out.push(`  ${s.key} ${s.current} → ${s.alternative}: not possible for this stack: ${s.notPossible}`);
      continue;
    }
    const parts = Object.entries(s.byCategory ?? {}).map(([c, d]) => `${c as Category} ${signed(d)}`);
    const changes = Object.entries(s.resourceChanges ?? {}).map(
      ([t, n]) => `${n > 0 ? "+" : "−"}${Math.abs(n)} ${t.replace(/^.*:/, "")}`,
    );
    out.push(
      `  ${s.key} ${s.current} → ${s.alternative}: ${signed(s.deltaUsd ?? 0)}/month (total ${usd(s.alternativeTotalUsd ?? 0)})${parts.length ? ` — ${parts.join(", ")}` : ""}${changes.length ? `; resources ${changes.join(", ")}` : ""}`,
    );
  }
  const seed = r.seed003;
  out.push("", `Against ${seed.source}: ${usd(seed.seedLowUsd)}–${usd(seed.seedHighUsd)}/month`);
  for (const l of seed.lines) {
    const range =
      l.seedLowUsd === l.seedHighUsd ? usd(l.seedLowUsd) : `${usd(l.seedLowUsd)}–${usd(l.seedHighUsd)}`;
    out.push(`  ${l.item}: seed ${range}, this estimate ${usd(l.estimateUsd)}`);
  }
  out.push(
    `  the design's four items: ${usd(seed.inSeedScopeUsd)} here; the whole stack (metrics, Lambda, Fargate, EC2, KMS, … that the design leaves out): ${usd(seed.totalUsd)}`,
  );
  return `${out.join("\n")}\n`;
}
