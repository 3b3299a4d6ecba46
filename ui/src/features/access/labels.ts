// Words for access records: scopes (names, Dataverse codes, what each needs), the six table
// privileges with their short letters, page rights and rule scopes, page tree paths, the website
// access rights, and role-name lookups. No components here.
import type { PageRight, PageRuleScope, Privilege, Privileges, Scope, WebPage, WebRole, WebsiteAccess } from "../../api";

/** The id that tells the core's save commands "this is a new record". */
export const NIL_ID = "00000000-0000-0000-0000-000000000000";

export type KnownScope = Exclude<Scope["scope"], "unknown">;

/** The known scopes in the order Dataverse lists them, with their `adx_scope` codes. */
export const SCOPES: readonly { scope: KnownScope; name: string; code: number }[] = [
  { scope: "global", name: "Global", code: 756150000 },
  { scope: "contact", name: "Contact", code: 756150001 },
  { scope: "account", name: "Account", code: 756150002 },
  { scope: "parent", name: "Parent", code: 756150003 },
  { scope: "self", name: "Self", code: 756150004 },
];

// Mirrors `Scope::explain` in the core (domain/access/model.rs), which no command exposes.
const EXPLAIN: Record<KnownScope, string> = {
  global: "Global: every record of the table, whoever owns it. Needs nothing else.",
  contact:
    "Contact: records related to the signed-in contact. Needs the contact relationship (schema name of the contact → table relationship).",
  account:
    "Account: records related to the contact's parent account. Needs the account relationship (schema name of the account → table relationship).",
  parent:
    "Parent: records reachable from records another permission grants. Needs the parent permission and the parent relationship (schema name of the parent table → this table relationship).",
  self: "Self: only the signed-in contact's own record. Only for the contact table.",
};

export function scopeName(scope: Scope): string {
  return scope.scope === "unknown" ? `Unknown (${scope.code})` : (SCOPES.find((s) => s.scope === scope.scope)?.name ?? scope.scope);
}

export function scopeExplanation(scope: Scope): string {
  return scope.scope === "unknown"
    ? `Scope code ${scope.code} is one this app does not know (for example the preview Custom access type); it is kept as it is.`
    : EXPLAIN[scope.scope];
}

/** A stable string for a scope, for selects and filters ("contact", "unknown:123"). */
export function scopeKey(scope: Scope): string {
  return scope.scope === "unknown" ? `unknown:${scope.code}` : scope.scope;
}

export function scopeFromKey(key: string): Scope {
  if (key.startsWith("unknown:")) return { scope: "unknown", code: Number(key.slice("unknown:".length)) };
  return { scope: (SCOPES.find((s) => s.scope === key)?.scope ?? "global") };
}

/** The six privileges in the core's order, with the letters the tables show. */
export const PRIVILEGES: readonly { key: Privilege; letter: string; name: string }[] = [
  { key: "read", letter: "R", name: "Read" },
  { key: "write", letter: "W", name: "Write" },
  { key: "create", letter: "C", name: "Create" },
  { key: "delete", letter: "D", name: "Delete" },
  { key: "append", letter: "A", name: "Append" },
  { key: "append_to", letter: "AT", name: "Append to" },
];

export function privilegeName(privilege: Privilege): string {
  return PRIVILEGES.find((p) => p.key === privilege)?.name ?? privilege;
}

/** "Read, Write" — or "no privileges". */
export function privilegeList(privileges: Privileges): string {
  const on = PRIVILEGES.filter((p) => privileges[p.key]).map((p) => p.name);
  return on.length > 0 ? on.join(", ") : "no privileges";
}

export const NO_PRIVILEGES: Privileges = { read: false, write: false, create: false, delete: false, append: false, append_to: false };

export function pageRightName(right: PageRight): string {
  if (right.right === "grant_change") return "Grant Change";
  if (right.right === "restrict_read") return "Restrict Read";
  return `Unknown right (${right.code})`;
}

export function pageRuleScopeName(scope: PageRuleScope): string {
  if (scope.scope === "all_content") return "All content";
  if (scope.scope === "exclude_direct_child_web_files") return "Exclude direct child web files";
  return `Unknown scope (${scope.code})`;
}

type KnownPageRight = Exclude<PageRight["right"], "unknown">;
type KnownPageRuleScope = Exclude<PageRuleScope["scope"], "unknown">;

/** The page rights with their `adx_right` codes and what each does. */
export const PAGE_RIGHTS: readonly { right: KnownPageRight; code: number; explain: string }[] = [
  { right: "grant_change", code: 1, explain: "Members of the rule's roles may change the page and its children (front-side editing)." },
  { right: "restrict_read", code: 2, explain: "Only members of the rule's roles may read the page and its children." },
];

export const PAGE_RULE_SCOPES: readonly { scope: KnownPageRuleScope; code: number }[] = [
  { scope: "all_content", code: 1 },
  { scope: "exclude_direct_child_web_files", code: 2 },
];

/** A stable string for a page right, for selects ("grant_change", "unknown:3"). */
export function pageRightKey(right: PageRight): string {
  return right.right === "unknown" ? `unknown:${right.code}` : right.right;
}

export function pageRightFromKey(key: string): PageRight {
  if (key.startsWith("unknown:")) return { right: "unknown", code: Number(key.slice("unknown:".length)) };
  return { right: PAGE_RIGHTS.find((r) => r.right === key)?.right ?? "restrict_read" };
}

export function pageRuleScopeKey(scope: PageRuleScope): string {
  return scope.scope === "unknown" ? `unknown:${scope.code}` : scope.scope;
}

export function pageRuleScopeFromKey(key: string): PageRuleScope {
  if (key.startsWith("unknown:")) return { scope: "unknown", code: Number(key.slice("unknown:".length)) };
  return { scope: PAGE_RULE_SCOPES.find((s) => s.scope === key)?.scope ?? "all_content" };
}

/** "Home / Support / Cases": the page under its ancestors; an unknown id shows as it is. */
export function pagePath(pages: readonly WebPage[], id: string): string {
  const names: string[] = [];
  const seen = new Set<string>();
  let current = pages.find((p) => p.id === id);
  if (!current) return id;
  // A parent loop (the core refuses them, an imported portal may still have one) ends the walk.
  while (current && !seen.has(current.id)) {
    seen.add(current.id);
    names.unshift(current.name);
    const parent: string | null = current.parent_id;
    current = parent === null ? undefined : pages.find((p) => p.id === parent);
  }
  return names.join(" / ");
}

export type WebsiteRight = keyof Pick<
  WebsiteAccess,
  "manage_content_snippets" | "manage_site_markers" | "manage_web_link_sets" | "preview_unpublished_entities"
>;

/** The four front-side editing rights of a website access record, in the portal's order. */
export const WEBSITE_RIGHTS: readonly { key: WebsiteRight; name: string; short: string; explain: string }[] = [
  {
    key: "manage_content_snippets",
    name: "Manage content snippets",
    short: "content snippets",
    explain: "Edit content snippets from the portal's front side.",
  },
  { key: "manage_site_markers", name: "Manage site markers", short: "site markers", explain: "Edit site markers from the front side." },
  {
    key: "manage_web_link_sets",
    name: "Manage web link sets",
    short: "web link sets",
    explain: "Edit web link sets (navigation links) from the front side.",
  },
  {
    key: "preview_unpublished_entities",
    name: "Preview unpublished entities",
    short: "preview unpublished",
    explain: "See content that is not published yet, such as draft pages.",
  },
];

/** Role names by id; ids the portal does not have show as they are. */
export function roleNames(roles: readonly WebRole[], ids: readonly string[]): string[] {
  return ids.map((id) => roles.find((r) => r.id === id)?.name ?? id);
}
