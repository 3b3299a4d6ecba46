// The UI's one door to the core (with the hook modules it re-exports): typed queries and
// mutations over the generated bindings, and core events turned into query invalidations.
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import {
  commands,
  events,
  type AuthKey,
  type CertificateFormat,
  type EffectiveSetting_Serialize,
  type Finding_Serialize,
  type IdentityProvider_Serialize,
  type MetadataImport_Serialize,
  type MetadataSource,
  type OidcReport_Serialize,
  type PasswordReport_Serialize,
  type ProviderDraft_Deserialize,
  type SettingsOverview_Serialize,
  type ExpiriesFormat,
  type KeyView,
  type NavigationRequested,
  type PortalDraft_Deserialize,
  type WatchRan,
  type PortalPatch_Deserialize,
  type Portal_Serialize,
  type RenewalView_Serialize,
  type AccessOverview_Serialize,
  type EffectiveAccess_Serialize,
  type PageAccess_Serialize,
  type PageDecision_Serialize,
  type PageRule_Serialize,
  type Principal,
  type RoleRemoval_Serialize,
  type TablePermission_Serialize,
  type WebPage_Serialize,
  type WebRole_Serialize,
  type WebsiteAccess,
} from "./bindings";
import { invalidate, queryKeys, refresh } from "./cache";
import { ApiError, subscribe, unwrap } from "./ipc";

export { ApiError, queryKeys };
export * from "./connections";
export * from "./contacts";
export * from "./invitations";
export * from "./portalFolders";

export type RenewalView = RenewalView_Serialize;

/** What the core returns is the `_Serialize` shape; what it accepts, the `_Deserialize` one. */
export type Portal = Portal_Serialize;
export type PortalDraft = PortalDraft_Deserialize;
export type PortalPatch = PortalPatch_Deserialize;
export type SettingsOverview = SettingsOverview_Serialize;
export type EffectiveSetting = EffectiveSetting_Serialize;
export type Finding = Finding_Serialize;
export type PasswordReport = PasswordReport_Serialize;
export type PasswordCheck = PasswordReport["checks"][number];
export type IdentityProvider = IdentityProvider_Serialize;
export type ProviderDraft = ProviderDraft_Deserialize;
export type OidcReport = OidcReport_Serialize;
export type MetadataImport = MetadataImport_Serialize;
export type AccessOverview = AccessOverview_Serialize;
export type AccessModel = AccessOverview["model"];
export type WebRole = WebRole_Serialize;
export type TablePermission = TablePermission_Serialize;
export type PageRule = PageRule_Serialize;
export type WebPage = WebPage_Serialize;
export type RoleRemoval = RoleRemoval_Serialize;

/**
 * How many contacts lose the role. The core sends `members`; bindings generated before it did
 * lack the field, so it is read defensively (null: not told).
 */
export function removalMembers(removal: RoleRemoval): number | null {
  const members = (removal as { members?: unknown }).members;
  return typeof members === "number" ? members : null;
}
export type EffectiveAccess = EffectiveAccess_Serialize;
export type PageAccess = PageAccess_Serialize;
export type PageDecision = PageDecision_Serialize;
export type {
  Grant,
  PageRight,
  PageRuleScope,
  PostureSeverity,
  PostureWarning,
  Principal,
  Privilege,
  PrivilegeAccess,
  Privileges,
  Scope,
  TableAccess,
  WebsiteAccess,
  WebsiteAccessGrant,
  AuthKey,
  CertificateExpiry,
  CertificateFormat,
  ErrorCode,
  FindingSeverity,
  MetadataSource,
  PasswordRule,
  Protocol,
  ProblemKind,
  ProviderAction,
  ProviderCertificate,
  ProviderKind,
  ProviderProblem,
  SettingGroup,
  SettingKind,
  ValueSource,
  KeyView,
  MilestoneState,
  NoticeReport,
  PortalState,
  RenewalStep,
  ScheduleEntry,
  Severity,
  WatchRan,
  WorkspaceInfo,
} from "./bindings";

export function useWorkspaceInfo() {
  return useQuery({ queryKey: queryKeys.workspace, queryFn: () => unwrap(commands.workspaceInfo()) });
}

export function usePortals() {
  return useQuery({ queryKey: queryKeys.portals, queryFn: () => unwrap(commands.portalList()) });
}

export function useCreatePortal() {
  const client = useQueryClient();
  return useMutation<Portal, Error, PortalDraft>({
    mutationFn: (draft) => unwrap(commands.portalCreate(draft)),
    onSuccess: () => invalidate(client, ["portal"]),
  });
}

export function useUpdatePortal() {
  const client = useQueryClient();
  return useMutation<Portal, Error, { id: string; patch: PortalPatch }>({
    mutationFn: ({ id, patch }) => unwrap(commands.portalUpdate(id, patch)),
    onSuccess: () => invalidate(client, ["portal"]),
  });
}

export function useRemovePortal() {
  const client = useQueryClient();
  return useMutation<Portal, Error, string>({
    mutationFn: (id) => unwrap(commands.portalRemove(id)),
    onSuccess: () => invalidate(client, ["portal"]),
  });
}

/** Identity-provider signing certificates the expiry watch follows, soonest expiry first. */
export function useProviderCertificateExpiries() {
  return useQuery({
    queryKey: [...queryKeys.providers, "certificate-expiries"] as const,
    queryFn: () => unwrap(commands.providerCertificateExpiries()),
  });
}

export function useKeyOverview() {
  return useQuery({ queryKey: queryKeys.keyOverview, queryFn: () => unwrap(commands.keyOverview()) });
}

export function useKey(portal: string | undefined) {
  return useQuery({
    queryKey: queryKeys.key(portal ?? ""),
    queryFn: () => unwrap(commands.keyShow(portal ?? "")),
    enabled: portal !== undefined,
  });
}

export function useKeySchedule(portal: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.keySchedule(portal ?? ""),
    queryFn: () => unwrap(commands.keySchedule(portal ?? "")),
    enabled: portal !== undefined && enabled,
  });
}

export function useKeyHistory(portal: string | undefined) {
  return useQuery({
    queryKey: queryKeys.keyHistory(portal ?? ""),
    queryFn: () => unwrap(commands.keyHistory(portal ?? "")),
    enabled: portal !== undefined,
  });
}

export function useGenerateKey() {
  const client = useQueryClient();
  return useMutation<AuthKey, Error, { portal: string; replace: boolean }>({
    mutationFn: ({ portal, replace }) => unwrap(commands.keyGenerate(portal, null, replace)),
    onSuccess: () => invalidate(client, ["auth_key"]),
  });
}

export function useImportKey() {
  const client = useQueryClient();
  return useMutation<AuthKey, Error, { portal: string; path: string; password: string | null }>({
    mutationFn: ({ portal, path, password }) => unwrap(commands.keyImport(portal, path, password)),
    onSuccess: () => invalidate(client, ["auth_key"]),
  });
}

export function useSnoozeKey() {
  const client = useQueryClient();
  return useMutation<KeyView, Error, string>({
    mutationFn: (portal) => unwrap(commands.keySnooze(portal)),
    onSuccess: () => invalidate(client, ["auth_key"]),
  });
}

export function useAcknowledgeKey() {
  const client = useQueryClient();
  return useMutation<KeyView, Error, { portal: string; owner: string }>({
    mutationFn: ({ portal, owner }) => unwrap(commands.keyAcknowledge(portal, owner)),
    onSuccess: () => invalidate(client, ["auth_key"]),
  });
}

export function exportExpiries(path: string, format: ExpiriesFormat) {
  return unwrap(commands.keyExpiriesExport(path, format));
}

export function useExportKey() {
  return useMutation<null, Error, { portal: string; path: string; format: CertificateFormat }>({
    mutationFn: ({ portal, path, format }) => unwrap(commands.keyExport(portal, path, format)),
  });
}

export function useRenewal(portal: string | undefined) {
  return useQuery({
    queryKey: queryKeys.renewal(portal ?? ""),
    queryFn: () => unwrap(commands.keyRenewalLatest(portal ?? "")),
    enabled: portal !== undefined,
  });
}

/** Starts (or retries) renewing the portal's key; progress comes through `useRenewalEvents`. */
export function useRenewKey() {
  const client = useQueryClient();
  return useMutation<RenewalView, Error, string>({
    mutationFn: (portal) => unwrap(commands.keyRenew(portal)),
    onSuccess: (view, portal) => client.setQueryData(queryKeys.renewal(portal), view),
  });
}

/** Keeps every portal's renewal progress current as the background job moves on. */
export function useRenewalEvents() {
  const client = useQueryClient();
  useEffect(
    () =>
      subscribe(
        events.keyRenewalProgressed.listen((e) => {
          const view = e.payload as RenewalView;
          client.setQueryData(queryKeys.renewal(view.job.portal_id), view);
        }),
      ),
    [client],
  );
}

export function useSettingsOverview(portal: string | undefined) {
  return useQuery({
    queryKey: queryKeys.settingsOverview(portal ?? ""),
    queryFn: () => unwrap(commands.settingsOverview(portal ?? "")),
    enabled: portal !== undefined,
  });
}

/** Writes one setting; the core checks the value (field `value`) and canonicalises it. */
export function useSetSetting() {
  const client = useQueryClient();
  return useMutation<EffectiveSetting, Error, { portal: string; name: string; value: string }>({
    mutationFn: ({ portal, name, value }) => unwrap(commands.settingsSet(portal, name, value)),
    onSuccess: () => refresh(client, ["site_setting"]),
  });
}

/** Removes every record of a setting so the runtime's default applies; returns how many went. */
export function useUnsetSetting() {
  const client = useQueryClient();
  return useMutation<number, Error, { portal: string; name: string }>({
    mutationFn: ({ portal, name }) => unwrap(commands.settingsUnset(portal, name)),
    onSuccess: () => refresh(client, ["site_setting"]),
  });
}

/** Writes the catalogue default explicitly (and drops duplicate records). */
export function useResetSetting() {
  const client = useQueryClient();
  return useMutation<EffectiveSetting, Error, { portal: string; name: string }>({
    mutationFn: ({ portal, name }) => unwrap(commands.settingsReset(portal, name)),
    onSuccess: () => refresh(client, ["site_setting"]),
  });
}

/** Applies a checker finding's fix; returns the findings that remain. */
export function useFixFinding() {
  const client = useQueryClient();
  return useMutation<Finding[], Error, { portal: string; findingId: string }>({
    mutationFn: ({ portal, findingId }) => unwrap(commands.settingsFix(portal, findingId)),
    onSuccess: () => refresh(client, ["site_setting"]),
  });
}

/**
 * Runs the portal's password validator on a sample. Kept under the settings key so a policy
 * change re-runs it; `gcTime: 0` drops samples from the cache as soon as nothing shows them.
 */
export function usePasswordTest(portal: string | undefined, password: string) {
  return useQuery({
    queryKey: queryKeys.passwordTest(portal ?? "", password),
    queryFn: () => unwrap(commands.passwordTest(portal ?? "", password)),
    enabled: portal !== undefined && password !== "",
    gcTime: 0,
    placeholderData: keepPreviousData,
  });
}

export function useProviders(portal: string | undefined) {
  return useQuery({
    queryKey: queryKeys.providerList(portal ?? ""),
    queryFn: () => unwrap(commands.providerList(portal ?? "")),
    enabled: portal !== undefined,
  });
}

/** Adds an external provider; field errors name `name`, `protocol` or a setting key (`ClientId`). */
export function useAddProvider() {
  const client = useQueryClient();
  return useMutation<IdentityProvider, Error, { portal: string; draft: ProviderDraft }>({
    mutationFn: ({ portal, draft }) => unwrap(commands.providerAdd(portal, draft)),
    onSuccess: () => refresh(client, ["site_setting"]),
  });
}

/** Changes a provider's settings by key: a string sets, `null` removes. */
export function useEditProvider() {
  const client = useQueryClient();
  return useMutation<IdentityProvider, Error, { portal: string; key: string; values: Record<string, string | null> }>({
    mutationFn: ({ portal, key, values }) => unwrap(commands.providerEdit(portal, key, values)),
    onSuccess: () => refresh(client, ["site_setting"]),
  });
}

export function useSetProviderEnabled() {
  const client = useQueryClient();
  return useMutation<IdentityProvider, Error, { portal: string; key: string; enabled: boolean }>({
    mutationFn: ({ portal, key, enabled }) => unwrap(commands.providerSetEnabled(portal, key, enabled)),
    onSuccess: () => refresh(client, ["site_setting"]),
  });
}

export function useRemoveProvider() {
  const client = useQueryClient();
  return useMutation<IdentityProvider, Error, { portal: string; key: string }>({
    mutationFn: ({ portal, key }) => unwrap(commands.providerRemove(portal, key)),
    onSuccess: () => refresh(client, ["site_setting", "provider_certificate"]),
  });
}

/** Points the Sign in button at one provider, or (`key: null`) shows every provider. */
export function useSetDefaultProvider() {
  const client = useQueryClient();
  return useMutation<IdentityProvider | null, Error, { portal: string; key: string | null }>({
    mutationFn: ({ portal, key }) => unwrap(commands.providerSetDefault(portal, key)),
    onSuccess: () => refresh(client, ["site_setting"]),
  });
}

/** Runs OpenID Connect discovery against the provider; writes nothing. */
export function useTestProvider() {
  return useMutation<OidcReport, Error, { portal: string; key: string }>({
    mutationFn: ({ portal, key }) => unwrap(commands.providerTest(portal, key)),
  });
}

/**
 * Reads SAML 2.0 / WS-Federation metadata into a provider (created when `key` is
 * `SAML2/<name>` or `WsFederation/<name>` and does not exist yet).
 */
export function useImportMetadata() {
  const client = useQueryClient();
  return useMutation<MetadataImport, Error, { portal: string; key: string; source: MetadataSource }>({
    mutationFn: ({ portal, key, source }) => unwrap(commands.providerImportMetadata(portal, key, source)),
    onSuccess: () => refresh(client, ["site_setting", "provider_certificate"]),
  });
}

/** A portal's roles, website access, pages, page rules and table permissions, with posture warnings. */
export function useAccessOverview(portal: string | undefined) {
  return useQuery({
    queryKey: queryKeys.accessOverview(portal ?? ""),
    queryFn: () => unwrap(commands.accessOverview(portal ?? "")),
    enabled: portal !== undefined,
  });
}

/** Adds (nil id) or changes a web role; field errors name `name`, `description` or a role-type flag. */
export function useSaveRole() {
  const client = useQueryClient();
  return useMutation<WebRole, Error, { portal: string; role: WebRole }>({
    mutationFn: ({ portal, role }) => unwrap(commands.roleSave(portal, role)),
    onSuccess: () => refresh(client, ["web_role"]),
  });
}

/**
 * Removes a web role by id or name. Unconfirmed, a role that permissions, page rules or website
 * access use is kept and the core fails with `confirmation_required`, saying what it would unlink.
 */
export function useRemoveRole() {
  const client = useQueryClient();
  return useMutation<RoleRemoval, Error, { portal: string; role: string; confirmed: boolean }>({
    mutationFn: ({ portal, role, confirmed }) => unwrap(commands.roleRemove(portal, role, confirmed)),
    // Links to the role go with it, so the records that used it change too.
    onSuccess: () => refresh(client, ["web_role", "table_permission", "page_rule", "website_access"]),
  });
}

/** Adds (nil id) or changes a table permission; the core checks what its scope needs. */
export function useSavePermission() {
  const client = useQueryClient();
  return useMutation<TablePermission, Error, { portal: string; permission: TablePermission }>({
    mutationFn: ({ portal, permission }) => unwrap(commands.permissionSave(portal, permission)),
    onSuccess: () => refresh(client, ["table_permission"]),
  });
}

/** Removes a table permission and its Parent-scope children; returns every removed name. */
export function useRemovePermission() {
  const client = useQueryClient();
  return useMutation<string[], Error, { portal: string; permission: string }>({
    mutationFn: ({ portal, permission }) => unwrap(commands.permissionRemove(portal, permission)),
    onSuccess: () => refresh(client, ["table_permission"]),
  });
}

/** Adds (nil id) or changes a page access rule; field errors name `name`, `right`, `scope`, `page_id` or `role_ids`. */
export function useSavePageRule() {
  const client = useQueryClient();
  return useMutation<PageRule, Error, { portal: string; rule: PageRule }>({
    mutationFn: ({ portal, rule }) => unwrap(commands.pageRuleSave(portal, rule)),
    onSuccess: () => refresh(client, ["page_rule"]),
  });
}

/** Removes a page access rule by id; returns what was removed. */
export function useRemovePageRule() {
  const client = useQueryClient();
  return useMutation<PageRule, Error, { portal: string; id: string }>({
    mutationFn: ({ portal, id }) => unwrap(commands.pageRuleRemove(portal, id)),
    onSuccess: () => refresh(client, ["page_rule"]),
  });
}

/** Adds (nil id) or changes a website access record; field errors name `name` or `role_ids`. */
export function useSaveWebsiteAccess() {
  const client = useQueryClient();
  return useMutation<WebsiteAccess, Error, { portal: string; access: WebsiteAccess }>({
    mutationFn: ({ portal, access }) => unwrap(commands.websiteAccessSave(portal, access)),
    onSuccess: () => refresh(client, ["website_access"]),
  });
}

/** Removes a website access record by id; returns what was removed. */
export function useRemoveWebsiteAccess() {
  const client = useQueryClient();
  return useMutation<WebsiteAccess, Error, { portal: string; id: string }>({
    mutationFn: ({ portal, id }) => unwrap(commands.websiteAccessRemove(portal, id)),
    onSuccess: () => refresh(client, ["website_access"]),
  });
}

/** What a principal may do on tables and pages, and why; idle while `principal` is null. */
export function useEffectiveAccess(portal: string | undefined, principal: Principal | null) {
  return useQuery({
    queryKey: queryKeys.accessEffective(portal ?? "", principal),
    queryFn: () =>
      principal === null ? Promise.reject(new Error("Choose whose access to show.")) : unwrap(commands.accessEffective(portal ?? "", principal)),
    enabled: portal !== undefined && principal !== null,
  });
}

export function useWatchHealthAtStart() {
  return useQuery({ queryKey: ["watch", "health-at-start"], queryFn: () => unwrap(commands.watchHealthAtStart()) });
}

export function useAutostart() {
  return useQuery({ queryKey: ["app", "autostart"], queryFn: () => unwrap(commands.appAutostartGet()) });
}

export function useSetAutostart() {
  const client = useQueryClient();
  return useMutation<boolean, Error, boolean>({
    mutationFn: (enabled) => unwrap(commands.appAutostartSet(enabled)),
    onSuccess: (enabled) => client.setQueryData(["app", "autostart"], enabled),
  });
}

export function lastWatchRound() {
  return unwrap(commands.watchLastRound());
}

export function checkWatchNow() {
  return unwrap(commands.watchCheckNow());
}

/** Calls `handler` with every round of the expiry watch. */
export function useWatchRounds(handler: (round: WatchRan) => void) {
  useEffect(() => subscribe(events.watchRan.listen((e) => handler(e.payload))), [handler]);
}

/** Calls `handler` when the tray or a notification asks to show a page. */
export function useNavigationRequests(handler: (request: NavigationRequested) => void) {
  useEffect(() => subscribe(events.navigationRequested.listen((e) => handler(e.payload))), [handler]);
}

/** Refetches what the core says changed — by this window, the CLI, a sync or the scheduler. */
export function useWorkspaceEvents() {
  const client = useQueryClient();
  useEffect(
    () => subscribe(events.workspaceChanged.listen((event) => invalidate(client, event.payload.entities))),
    [client],
  );
}
