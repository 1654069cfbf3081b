/**
 * What the café analytics handler and its deployment agree on: environment variables, metric names,
 * where the GeoIP data sits in the function's archive. Imported by both; imports nothing.
 */

/** Environment variables the handler reads. */
export const AnalyticsEnv = {
  /** Path of the café's order endpoint: requests to it are order clicks. */
  ORDER_PATH: "ORDER_PATH",
  /** geoip-lite's data directory, resolved against the bundle's directory (see `GEOIP_ARCHIVE_DIR`). */
  GEODATADIR: "GEODATADIR",
  POWERTOOLS_SERVICE_NAME: "POWERTOOLS_SERVICE_NAME",
  POWERTOOLS_METRICS_NAMESPACE: "POWERTOOLS_METRICS_NAMESPACE",
} as const;

/** The café's order endpoint (the menu's "Order" buttons post to it). */
export const DEFAULT_ORDER_PATH = "/cafe/processOrder.php";

/** Namespace of the analytics' EMF metrics. */
export const CAFE_ANALYTICS_NAMESPACE = "obskit/Cafe";

/** The per-country metrics (dimensions `service`, `country`; totals with `service` alone). */
export const MetricName = {
  Requests: "Requests",
  /** Responses 400-499. */
  ClientErrors: "ClientErrors",
  /** Responses 500-599. */
  ServerErrors: "ServerErrors",
  /** Requests to the order endpoint. */
  OrderClicks: "OrderClicks",
  /** Lines that are not complete combined-format lines (per delivery, `service` only). */
  MalformedLines: "MalformedLines",
} as const;

/** Dimension carrying the client's country (ISO 3166-1 alpha-2, or `UNKNOWN_LOCATION`). */
export const COUNTRY_DIMENSION = "country";

/** Country and city of a client the database does not locate (private, reserved or unlisted). */
export const UNKNOWN_LOCATION = "Unknown";

/** Folder of the function archive holding geoip-lite's data files. */
export const GEOIP_ARCHIVE_DIR = "geoip";

/**
 * geoip-lite's data files the function needs: IPv4 and IPv6 city ranges and the location names.
 * (The country-only files are its fallback when these are missing; they are not shipped.)
 */
export const GEOIP_DATA_FILES = ["geoip-city.dat", "geoip-city6.dat", "geoip-city-names.dat"] as const;
