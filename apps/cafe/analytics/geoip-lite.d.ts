/** The part of geoip-lite (which ships no types) the café analytics uses. */
declare module "geoip-lite" {
  /** A lookup result; `city`/`region` are empty strings when the database has only the country. */
  export interface Lookup {
    /** ISO 3166-1 alpha-2 country code, e.g. `US`. */
    country: string;
    /** Region (ISO 3166-2 subdivision) code, or "". */
    region: string;
    /** City name, or "". */
    city: string;
    /** Time zone, e.g. `Europe/Moscow`. */
    timezone: string;
    /** Latitude and longitude. */
    ll: [number | null, number | null];
  }
  /** The location of `ip` (IPv4, IPv6, or an IPv4-mapped IPv6); null for private or unknown addresses. */
  export function lookup(ip: string | number): Lookup | null;
}
