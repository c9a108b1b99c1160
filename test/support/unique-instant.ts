/**
 * An instant within two hours after `base` that no other run picks (random to the millisecond), and the
 * supervision period of exactly that millisecond: the figures of [instant, +1 ms) belong to this run's
 * cases only, whatever other specs and earlier runs left in the same database.
 */
export function uniqueInstant(base: string): { instant: string; period: string } {
  const at = Date.parse(base) + Math.floor(Math.random() * 7200) * 1000 + Math.floor(Math.random() * 1000);
  const instant = new Date(at).toISOString();
  return { instant, period: `from=${encodeURIComponent(instant)}&to=${encodeURIComponent(new Date(at + 1).toISOString())}` };
}
