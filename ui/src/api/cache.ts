// The query cache's keys and which of them each kind of change makes stale; used by every hook
// module under `src/api/` and by the workspace-change listener.
import type { QueryClient } from "@tanstack/react-query";
import type { ContactFilter_Serialize, ContactSort, Entity, Principal } from "./bindings";

export const queryKeys = {
  workspace: ["workspace"] as const,
  portals: ["portals"] as const,
  keys: ["keys"] as const,
  keyOverview: ["keys", "overview"] as const,
  key: (portal: string) => ["keys", "portal", portal] as const,
  keySchedule: (portal: string) => ["keys", "schedule", portal] as const,
  keyHistory: (portal: string) => ["keys", "history", portal] as const,
  renewal: (portal: string) => ["keys", "renewal", portal] as const,
  settings: ["settings"] as const,
  settingsOverview: (portal: string) => ["settings", "overview", portal] as const,
  passwordTest: (portal: string, password: string) => ["settings", "password-test", portal, password] as const,
  providers: ["providers"] as const,
  providerList: (portal: string) => ["providers", "list", portal] as const,
  access: ["access"] as const,
  accessOverview: (portal: string) => ["access", "overview", portal] as const,
  accessEffective: (portal: string, principal: Principal | null) => ["access", "effective", portal, principal] as const,
  contacts: ["contacts"] as const,
  contactCount: (portal: string, filter: ContactFilter_Serialize) => ["contacts", "count", portal, filter] as const,
  contactPage: (portal: string, filter: ContactFilter_Serialize, sort: ContactSort, page: number) =>
    ["contacts", "page", portal, filter, sort, page] as const,
  contactSearch: (portal: string, term: string) => ["contacts", "search", portal, term] as const,
  contactFirst: (portal: string, filter: ContactFilter_Serialize, limit: number) => ["contacts", "first", portal, filter, limit] as const,
  contactDetailsAll: ["contacts", "details"] as const,
  contactDetails: (portal: string, id: string) => ["contacts", "details", portal, id] as const,
  contactNames: (portal: string, ids: readonly string[]) => ["contacts", "names", portal, ids] as const,
  contactDuplicatesAll: ["contacts", "duplicates"] as const,
  contactDuplicates: (portal: string) => ["contacts", "duplicates", portal] as const,
  bulkBatches: (portal: string) => ["contacts", "batches", portal] as const,
  invitations: ["invitations"] as const,
  connections: ["connections"] as const,
  invitationList: (portal: string) => ["invitations", "list", portal] as const,
};

/** Which cached queries an entity's change makes stale. */
const STALE_BY_ENTITY: Record<Entity, readonly (readonly unknown[])[]> = {
  // The checker and the provider views compare client ids with the portal's own app id.
  portal: [queryKeys.portals, queryKeys.workspace, queryKeys.keys, queryKeys.settings, queryKeys.providers],
  auth_key: [queryKeys.keys],
  // Providers are views over site settings, and the password tester reads the policy settings.
  // A contact's sign-in diagnosis and the duplicates report follow the user-manager settings.
  site_setting: [queryKeys.settings, queryKeys.providers, queryKeys.contactDetailsAll, queryKeys.contactDuplicatesAll],
  // Signing certificates show on the providers page only; the key pages watch portal keys.
  provider_certificate: [queryKeys.providers],
  // Roles, rules and permissions all feed the access overview and every effective-access view.
  // A contact's page lists its roles by name; removing a role takes it from its members.
  web_role: [queryKeys.access, queryKeys.contacts],
  website_access: [queryKeys.access],
  web_page: [queryKeys.access],
  page_rule: [queryKeys.access],
  table_permission: [queryKeys.access],
  // Lists, counts, details, duplicates and bulk batches are all views over contacts.
  contact: [queryKeys.contacts],
  // A contact's page lists its invitations.
  invitation: [queryKeys.invitations, queryKeys.contactDetailsAll],
  // A sign-in or discovery that changes portals and keys announces those entities too.
  connection: [queryKeys.connections],
};

export function invalidate(client: QueryClient, entities: Entity[]) {
  for (const entity of entities) {
    for (const queryKey of STALE_BY_ENTITY[entity]) {
      void client.invalidateQueries({ queryKey });
    }
  }
}

/**
 * Like `invalidate`, but resolves once the stale queries have refetched: a mutation that returns
 * it stays pending until the page shows the core's new state (a switch does not flick back).
 */
export function refresh(client: QueryClient, entities: Entity[]): Promise<void> {
  const refetches = entities.flatMap((entity) => STALE_BY_ENTITY[entity].map((queryKey) => client.invalidateQueries({ queryKey })));
  return Promise.all(refetches).then(() => undefined);
}
