// How settings read to people: group titles in page order, a short label from a setting's name,
// and what a value's syntax is. Display only — the core owns what a value means.
import type { SettingGroup, SettingKind } from "../../api";

type PortalGroup = Exclude<SettingGroup, "provider">;

/** Every portal-wide group (the compiler insists on new ones), in the order the page shows them. */
const GROUP_TITLE: Record<PortalGroup, string> = {
  registration: "Registration",
  sign_in: "Sign-in",
  user_validation: "User validation",
  password_policy: "Password policy",
  lockout: "Lockout",
  application_cookie: "Application cookie",
  two_factor_cookie: "Two-factor cookie",
  login_throttling: "Login throttling",
  bearer_authentication: "Bearer tokens",
  privacy: "Privacy and terms",
};

export const GROUPS: readonly { id: PortalGroup; title: string }[] = (Object.keys(GROUP_TITLE) as PortalGroup[]).map((id) => ({
  id,
  title: GROUP_TITLE[id],
}));

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
