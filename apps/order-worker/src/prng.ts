/** Small seeded pseudo-random number generators: deterministic, fast, not cryptographic. */

/** A source of uniform numbers in [0, 1). */
export type Random = () => number;

/** Largest accepted seed: seeds are unsigned 32-bit integers. */
export const MAX_SEED = 0xffffffff;

/** mulberry32: a 32-bit-state generator with a full 2^32 period; same seed, same sequence. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [min, max] (both inclusive). */
export function randomInt(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** Derives an independent-looking seed from `seed` for a second stream (splitmix-style finaliser). */
export function deriveSeed(seed: number, stream: number): number {
  let z = (seed + Math.imul(stream, 0x9e3779b9)) >>> 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A bijection on 24-bit integers (xor-shift / odd-multiply rounds): distinct inputs below 2^24 give
 * distinct outputs that look random. Used to turn an order counter into a unique 6-hex-digit id.
 */
export function permute24(value: number): number {
  let x = value & 0xffffff;
  x ^= x >>> 12;
  x = Math.imul(x, 0x9e3779) & 0xffffff;
  x ^= x >>> 11;
  x = Math.imul(x, 0x85ebcb) & 0xffffff;
  x ^= x >>> 12;
  return x;
}
