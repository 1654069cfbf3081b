/**
 * Which real handler the replay runs for a function, by the handler its component described
 * (`obskitModel`'s `functions[].handler`: the type token of the component whose code it runs). The
 * one place a handler is registered; a function no component described, or with a handler the
 * replay cannot run, is delivered to and counted, not run.
 */
import { CAFE_ANALYTICS_TYPE } from "../../apps/cafe/analytics/deploy";
import { PROCESSING_PATH_TYPE } from "../../components/processingPath";

/** How the replay runs a subscribed function. */
export type SubscriptionHandler = "processor" | "cafe-analytics" | "none";

/** Handler type token → how the replay runs it. */
export const REPLAY_HANDLERS: Readonly<Record<string, Exclude<SubscriptionHandler, "none">>> = {
  [PROCESSING_PATH_TYPE]: "processor",
  [CAFE_ANALYTICS_TYPE]: "cafe-analytics",
};

/** How the replay runs a function that runs `handler` (`"none"`: delivered, not run). */
export function replayHandlerOf(handler: string | undefined): SubscriptionHandler {
  return (handler !== undefined && REPLAY_HANDLERS[handler]) || "none";
}
