// The only module that touches the generated bindings: typed queries and mutations over the
// core's commands, and core events turned into query invalidations.
import { useMutation, useQuery, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import {
  commands,
  events,
  type CommandError,
  type Entity,
  type ErrorCode,
  type FieldError,
  type AuthKey,
  type CertificateFormat,
  type ExpiriesFormat,
  type KeyView,
  type NavigationRequested,
  type PortalDraft_Deserialize,
  type WatchRan,
  type PortalPatch_Deserialize,
  type Portal_Serialize,
  type RenewalView_Serialize,
} from "./bindings";

export type RenewalView = RenewalView_Serialize;

/** What the core returns is the `_Serialize` shape; what it accepts, the `_Deserialize` one. */
export type Portal = Portal_Serialize;
export type PortalDraft = PortalDraft_Deserialize;
export type PortalPatch = PortalPatch_Deserialize;
export type {
  AuthKey,
  CertificateFormat,
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

/** A core error as the UI sees it: branch on `code`, show `message`, place `fields`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(error: CommandError) {
    super(error.message);
    this.name = "ApiError";
    this.code = error.code;
    this.fields = error.fields;
  }

  fieldMessage(field: string): string | undefined {
    const messages = this.fields.filter((f) => f.field === field).map((f) => f.message);
    return messages.length > 0 ? messages.join(" ") : undefined;
  }
}

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: CommandError };

async function unwrap<T>(call: Promise<CommandResult<T>>): Promise<T> {
  const result = await call;
  if (result.status === "error") throw new ApiError(result.error);
  return result.data;
}

export const queryKeys = {
  workspace: ["workspace"] as const,
  portals: ["portals"] as const,
  keys: ["keys"] as const,
  keyOverview: ["keys", "overview"] as const,
  key: (portal: string) => ["keys", "portal", portal] as const,
  keySchedule: (portal: string) => ["keys", "schedule", portal] as const,
  keyHistory: (portal: string) => ["keys", "history", portal] as const,
  renewal: (portal: string) => ["keys", "renewal", portal] as const,
};

/** Which cached queries an entity's change makes stale. */
const STALE_BY_ENTITY: Record<Entity, readonly (readonly string[])[]> = {
  portal: [queryKeys.portals, queryKeys.workspace, queryKeys.keys],
  auth_key: [queryKeys.keys],
};

function invalidate(client: QueryClient, entities: Entity[]) {
  for (const entity of entities) {
    for (const queryKey of STALE_BY_ENTITY[entity]) {
      void client.invalidateQueries({ queryKey });
    }
  }
}

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

function subscribe(listening: Promise<() => void>): () => void {
  let stopped = false;
  let unlisten: (() => void) | undefined;
  void listening.then((stop) => {
    if (stopped) stop();
    else unlisten = stop;
  });
  return () => {
    stopped = true;
    unlisten?.();
  };
}

/** Refetches what the core says changed — by this window, the CLI, a sync or the scheduler. */
export function useWorkspaceEvents() {
  const client = useQueryClient();
  useEffect(
    () => subscribe(events.workspaceChanged.listen((event) => invalidate(client, event.payload.entities))),
    [client],
  );
}
