// How settings read to people: group titles in page order, a short label from a setting's name,
// and what a value's syntax is. Display only — the core owns what a value means.
import type { SettingGroup, SettingKind } from "../../api";

/** The portal-wide groups, in the order the Authentication page shows them. */
export const GROUPS: readonly { id: Exclude<SettingGroup, "provider">; title: string }[] = [
  { id: "registration", title: "Registration" },
  { id: "sign_in", title: "Sign-in" },
  { id: "user_validation", title: "User validation" },
  { id: "password_policy", title: "Password policy" },
  { id: "lockout", title: "Lockout" },
  { id: "application_cookie", title: "Application cookie" },
  { id: "two_factor_cookie", title: "Two-factor cookie" },
  { id: "login_throttling", title: "Login throttling" },
  { id: "privacy", title: "Privacy and terms" },
];

/** The last name segment with spaces between words: `RequireUniqueEmail` → "Require unique email". */
export function settingLabel(name: string): string {
  const last = name.split("/").pop() ?? name;
  const words = last.replace(/([a-z0-9])([A-Z])/g, "$1 $2").replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2");
  return words.charAt(0) + words.slice(1).toLowerCase().replace(/\bip\b/g, "IP");
}

/** What to type, shown under the field. */
export function syntaxHint(kind: SettingKind): string | undefined {
  switch (kind.type) {
    case "int":
      return `A whole number from ${kind.min} to ${kind.max}.`;
    case "time_span":
      return "A .NET TimeSpan, d.hh:mm:ss: 1.00:00:00 is one day, 00:30:00 is 30 minutes. Hours above 23 are read as days.";
    case "list":
      return "Comma-separated values.";
    case "path":
      return "A path on the site, e.g. /signin.";
    case "url":
      return "An absolute URL, e.g. https://contoso.com/.";
    default:
      return undefined;
  }
}
