// Instants are shown in local time with the UTC instant alongside (title text); date-only values as that date.
// The formatters are made once: building an Intl formatter per call costs more than formatting,
// and a list formats one per row.
const LOCAL_DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
const CALENDAR_DATE = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeZone: "UTC" });

export function localDateTime(iso: string): string {
  return LOCAL_DATE_TIME.format(new Date(iso));
}

export function utcDateTime(iso: string): string {
  return new Date(iso).toISOString().replace("T", " ").replace(/\.\d+Z$/, " UTC");
}

/** A date-only value (`2027-03-31`, possibly with a midnight time) as that calendar date, in no time zone. */
export function calendarDate(value: string): string {
  const day = value.slice(0, 10);
  return CALENDAR_DATE.format(new Date(`${day}T00:00:00Z`));
}
