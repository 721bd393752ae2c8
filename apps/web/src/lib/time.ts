const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ["day", 86_400_000],
  ["hour", 3_600_000],
  ["minute", 60_000],
];

/** "5 minutes ago", "3 days ago" (or 5分钟前) in the UI's language, from the largest whole unit. */
export function timeAgo(iso: string, locale: "en" | "zh", now = Date.now()): string {
  const format = new Intl.RelativeTimeFormat(locale === "zh" ? "zh-CN" : "en", {
    numeric: "auto",
  });
  const elapsed = Math.max(0, now - new Date(iso).getTime());
  for (const [unit, ms] of UNITS)
    if (elapsed >= ms) return format.format(-Math.floor(elapsed / ms), unit);
  return format.format(0, "minute");
}
