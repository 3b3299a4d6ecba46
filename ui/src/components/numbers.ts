// Counts as people read them: digits grouped in the user's locale (1,000,032; 1.000.032), and
// "1 contact" / "2 contacts". Every count on screen goes through here, never a bare number.

const MILLION = 1_000_000;
const formats = new Map<string, Intl.NumberFormat>();

/**
 * The locale's integer format, or en-US when it does not group digits: a webview started without
 * a locale (LANG unset or C, as under Xvfb) resolves to en-US-POSIX, which prints 1000032.
 */
function format(locale: string | undefined): Intl.NumberFormat {
  const key = locale ?? "";
  let found = formats.get(key);
  if (!found) {
    const preferred = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    found = /\d{5}/.test(preferred.format(MILLION)) ? new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }) : preferred;
    formats.set(key, found);
  }
  return found;
}

/** "1,000,032"; `locale` is for tests, the app uses the webview's. */
export function formatCount(n: number, locale?: string): string {
  return format(locale).format(n);
}

/** "1 contact", "1,000,032 contacts"; `many` for irregular plurals. */
export function countOf(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}
