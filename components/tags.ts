import { VERSION } from "./version";

/** Tags every obskit child carries, on top of the user's own. */
export function componentTags(
  component: string,
  userTags: Record<string, string> = {},
): Record<string, string> {
  return { ...userTags, "obskit:component": component, "obskit:version": VERSION };
}

/**
 * Tag on a resource whose code publishes custom metrics (EMF, PutMetricData): the metrics as
 * space-separated `Namespace/Name`. The policy pack accepts alarms on these as watching an emitted metric.
 */
export const EMITS_TAG = "obskit:emits";
