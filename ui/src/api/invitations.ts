// Invitations over the core: the portal's list, creating and editing, redeeming for a contact, and
// the status (sent, revoked, reactivated).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { commands, type InvitationDraft_Serialize, type InvitationStatus, type Invitation_Serialize, type Redemption_Serialize } from "./bindings";
import { queryKeys, refresh } from "./cache";
import { unwrap } from "./ipc";

export type Invitation = Invitation_Serialize;
export type InvitationDraft = InvitationDraft_Serialize;
export type Redemption = Redemption_Serialize;
export type { InvitationKind, InvitationStatus } from "./bindings";

export function useInvitations(portal: string | undefined) {
  return useQuery({
    queryKey: queryKeys.invitationList(portal ?? ""),
    queryFn: () => unwrap(commands.invitationList(portal ?? "")),
    enabled: portal !== undefined,
  });
}

/** Adds an invitation; an empty code is generated. Field errors name the draft's fields. */
export function useCreateInvitation() {
  const client = useQueryClient();
  return useMutation<Invitation, Error, { portal: string; draft: InvitationDraft }>({
    mutationFn: ({ portal, draft }) => unwrap(commands.invitationCreate(portal, draft)),
    onSuccess: () => refresh(client, ["invitation"]),
  });
}

/** Redeems a code for a contact as the portal would; an unusable code fails with `invitation_expired`, `invitation_used_up` or `invitation_invalid`. */
export function useRedeemInvitation() {
  const client = useQueryClient();
  return useMutation<Redemption, Error, { portal: string; code: string; contact: string }>({
    mutationFn: ({ portal, code, contact }) => unwrap(commands.invitationRedeem(portal, code, contact)),
    // The contact gains the invitation's roles.
    onSuccess: () => refresh(client, ["invitation", "contact"]),
  });
}

/** Saves an edited invitation (by id); an empty code makes a new one, the old one stops working. */
export function useEditInvitation() {
  const client = useQueryClient();
  return useMutation<Invitation, Error, { portal: string; invitation: string; draft: InvitationDraft }>({
    mutationFn: ({ portal, invitation, draft }) => unwrap(commands.invitationEdit(portal, invitation, draft)),
    onSuccess: () => refresh(client, ["invitation"]),
  });
}

/** Sets the status: new or sent (whether the code has gone out), inactive (revoked), or back from inactive. */
export function useSetInvitationStatus() {
  const client = useQueryClient();
  return useMutation<Invitation, Error, { portal: string; invitation: string; status: InvitationStatus }>({
    mutationFn: ({ portal, invitation, status }) => unwrap(commands.invitationSetStatus(portal, invitation, status)),
    onSuccess: () => refresh(client, ["invitation"]),
  });
}

export function useRevokeInvitation() {
  const client = useQueryClient();
  return useMutation<Invitation, Error, { portal: string; invitation: string }>({
    mutationFn: ({ portal, invitation }) => unwrap(commands.invitationRevoke(portal, invitation)),
    onSuccess: () => refresh(client, ["invitation"]),
  });
}
