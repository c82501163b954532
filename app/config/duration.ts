/** A config duration such as `7d` or `72h` (the schema admits only these forms), in whole hours. */
export function durationHours(duration: string): number {
  const amount = Number(duration.slice(0, -1));
  return duration.endsWith("d") ? amount * 24 : amount;
}
