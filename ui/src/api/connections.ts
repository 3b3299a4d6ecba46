// Connections to Microsoft's services, discovery of a tenant's portals, and key dates from
// Microsoft Graph: typed queries and mutations over the generated bindings.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type ConnectionDraft, type ConnectionTest, type ConnectionView, type Discovery } from "./bindings";
import { invalidate, queryKeys } from "./cache";
import { unwrap } from "./ipc";

export type { ConnectionDraft, ConnectionTest, ConnectionView, Discovery };

export function useConnections() {
  return useQuery({ queryKey: queryKeys.connections, queryFn: () => unwrap(commands.connectionList()) });
}

export function useAddConnection() {
  const client = useQueryClient();
  return useMutation<ConnectionView, Error, { draft: ConnectionDraft; clientSecret: string | null }>({
    mutationFn: ({ draft, clientSecret }) => unwrap(commands.connectionAdd(draft, clientSecret)),
    onSuccess: () => invalidate(client, ["connection"]),
  });
}

export function useRemoveConnection() {
  const client = useQueryClient();
  return useMutation<null, Error, string>({
    mutationFn: (id) => unwrap(commands.connectionRemove(id)),
    onSuccess: () => invalidate(client, ["connection", "portal"]),
  });
}

export function useSignIn() {
  const client = useQueryClient();
  return useMutation<ConnectionView, Error, string>({
    mutationFn: (id) => unwrap(commands.connectionSignIn(id)),
    onSettled: () => invalidate(client, ["connection"]),
  });
}

export function cancelSignIn(): Promise<void> {
  return commands.connectionCancelSignIn();
}

export function useSignOut() {
  const client = useQueryClient();
  return useMutation<ConnectionView, Error, string>({
    mutationFn: (id) => unwrap(commands.connectionSignOut(id)),
    onSuccess: () => invalidate(client, ["connection"]),
  });
}

export function useTestConnection() {
  return useMutation<ConnectionTest, Error, string>({ mutationFn: (id) => unwrap(commands.connectionTest(id)) });
}

/** A discovery: `apply: false` is the preview, `apply: true` writes it and reads key dates. */
export function useDiscover() {
  const client = useQueryClient();
  return useMutation<Discovery, Error, { connection: string; apply: boolean }>({
    mutationFn: ({ connection, apply }) => unwrap(commands.discover(connection, apply)),
    onSuccess: (_, { apply }) => {
      if (apply) invalidate(client, ["portal", "auth_key", "connection"]);
    },
  });
}
