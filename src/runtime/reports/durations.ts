/** Durations in report words: "4.2 s", "1 min 23 s", "2 h 05 min". */
export function formatSeconds(s: number): string {
  if (s < 59.95) return `${s.toFixed(1)} s`;
  // rounded before splitting: 119.7 s is "2 min 00 s", not "1 min 60 s"
  const whole = Math.round(s);
  if (whole < 3600) return `${Math.floor(whole / 60)} min ${String(whole % 60).padStart(2, '0')} s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, '0')} min`;
}
