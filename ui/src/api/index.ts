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
  type PortalDraft_Deserialize,
  type PortalPatch_Deserialize,
  type Portal_Serialize,
} from "./bindings";

/** What the core returns is the `_Serialize` shape; what it accepts, the `_Deserialize` one. */
export type Portal = Portal_Serialize;
export type PortalDraft = PortalDraft_Deserialize;
export type PortalPatch = PortalPatch_Deserialize;
export type { PortalState, WorkspaceInfo } from "./bindings";

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
};

/** Which cached queries an entity's change makes stale. */
const STALE_BY_ENTITY: Record<Entity, readonly (readonly string[])[]> = {
  portal: [queryKeys.portals, queryKeys.workspace],
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

/** Refetches what the core says changed — by this window, the CLI, a sync or the scheduler. */
export function useWorkspaceEvents() {
  const client = useQueryClient();
  useEffect(() => {
    let stopped = false;
    let unlisten: (() => void) | undefined;
    void events.workspaceChanged
      .listen((event) => invalidate(client, event.payload.entities))
      .then((stop) => {
        if (stopped) stop();
        else unlisten = stop;
      });
    return () => {
      stopped = true;
      unlisten?.();
    };
  }, [client]);
}
