// Instants are shown in local time with the UTC instant alongside (title text); date-only values as that date.
export function localDateTime(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
}

export function utcDateTime(iso: string): string {
  return new Date(iso).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** A date-only value (`2027-03-31`, possibly with a midnight time) as that calendar date, in no time zone. */
export function calendarDate(value: string): string {
  const day = value.slice(0, 10);
  return new Date(`${day}T00:00:00Z`).toLocaleDateString(undefined, { dateStyle: "medium", timeZone: "UTC" });
}
