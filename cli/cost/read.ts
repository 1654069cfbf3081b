/** How the pricers read planned values: numbers and strings as the provider may give them, and how quantities print. */

export const round2 = (n: number): number => Math.round(n * 100) / 100;
export const fmt = (n: number): string => n.toLocaleString("en-US", { maximumFractionDigits: 3 });

export function num(v: unknown): number | undefined {
  if (typeof v === "number" && Number.isFinite(v)) return v;
  if (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v))) return Number(v);
  return undefined;
}

export function str(v: unknown): string | undefined {
  return typeof v === "string" ? v : undefined;
}

export function obj(v: unknown): Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}
