/**
 * Country and city of a client address, from the GeoLite2-derived database shipped inside the
 * geoip-lite package (no network access; the data is loaded into memory once per container, when
 * this module is first imported).
 */
import { lookup } from "geoip-lite";
import { UNKNOWN_LOCATION } from "./contract";

/** Where a client is. */
export interface Location {
  /** ISO 3166-1 alpha-2 country code, or `Unknown`. */
  readonly country: string;
  /** City name, or `Unknown` (the database often knows only the country). */
  readonly city: string;
}

const UNKNOWN: Location = { country: UNKNOWN_LOCATION, city: UNKNOWN_LOCATION };

/** The location of `ip`; `Unknown` for private, reserved or unlisted addresses and for host names. */
export function locate(ip: string): Location {
  const found = lookup(ip);
  if (!found || !found.country) return UNKNOWN;
  return { country: found.country, city: found.city || UNKNOWN_LOCATION };
}
