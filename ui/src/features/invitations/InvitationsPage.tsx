// Invitations: the portal's invitation codes with their kind, status, use and expiry; creating and
// editing one, redeeming a code for a contact, marking one sent, revoking and reactivating.
import {
  Button,
  MessageBar,
  MessageBarBody,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Title2,
  Toolbar,
  Tooltip,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Add20Regular, ArrowUndo20Regular, Delete20Regular, Edit20Regular, Send20Regular, TicketDiagonal20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useAccessOverview, useInvitations, useRevokeInvitation, useSetInvitationStatus, type Invitation } from "../../api";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { useNow } from "../../components/useNow";
import { InvitationDialog } from "./InvitationDialog";
import { InvitationStatusBadge, KIND, expiryText, redemptionsText } from "./InvitationFacts";
import { RedeemDialog } from "./RedeemDialog";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: "break-all" },
  actions: { display: "flex", gap: tokens.spacingHorizontalXXS },
  hidden: { position: "absolute", width: "1px", height: "1px", overflow: "hidden", clip: "rect(0 0 0 0)" },
});

type Open = { kind: "create" } | { kind: "edit"; invitation: Invitation } | { kind: "redeem" } | { kind: "revoke"; invitation: Invitation } | null;

export function InvitationsPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const invitations = useInvitations(portal?.id);
  const roles = [...(useAccessOverview(portal?.id).data?.model.roles ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const revoke = useRevokeInvitation();
  const setStatus = useSetInvitationStatus();
  const now = useNow();
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (!portal) return <Text>Add a portal first.</Text>;
  const changeStatus = (inv: Invitation, status: "new" | "sent", done: string) => {
    setMessage(null);
    setStatus.mutate({ portal: portal.id, invitation: inv.id, status }, { onSuccess: () => setMessage(done) });
  };
  const list = [...(invitations.data ?? [])].sort((a, b) => b.created_at.localeCompare(a.created_at));
  const roleNames = (ids: string[]) => ids.map((id) => roles.find((r) => r.id === id)?.name ?? id).join(", ") || "—";

  return (
    <div className={styles.page} data-testid="invitations-page">
      <Title2 as="h1">Invitations</Title2>
      <Text>
        Invitation codes of {portal.name}. Someone who signs up with a code becomes (or is linked to) the invited contact and gets the
        invitation's roles.
      </Text>
      <Toolbar aria-label="Invitation actions">
        <Button appearance="primary" icon={<Add20Regular />} onClick={() => setOpen({ kind: "create" })} data-testid="invitations-new">
          New invitation
        </Button>
        <Button icon={<TicketDiagonal20Regular />} onClick={() => setOpen({ kind: "redeem" })} data-testid="invitations-redeem">
          Redeem a code…
        </Button>
      </Toolbar>
      {message && (
        <MessageBar intent="success" data-testid="invitations-message">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
      {setStatus.isError && (
        <MessageBar intent="error" data-testid="invitations-status-error">
          <MessageBarBody>{setStatus.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {invitations.isPending && <Spinner label="Loading invitations…" />}
      {invitations.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{invitations.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {invitations.data && list.length === 0 && <Text>This portal has no invitations yet.</Text>}
      {list.length > 0 && (
        <Table className={styles.table} aria-label="Invitations" data-testid="invitations-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Code</TableHeaderCell>
              <TableHeaderCell style={{ width: "80px" }}>Kind</TableHeaderCell>
              <TableHeaderCell style={{ width: "110px" }}>Status</TableHeaderCell>
              <TableHeaderCell style={{ width: "110px" }}>Redeemed</TableHeaderCell>
              <TableHeaderCell style={{ width: "130px" }}>Expires</TableHeaderCell>
              <TableHeaderCell>Roles</TableHeaderCell>
              <TableHeaderCell style={{ width: "112px" }}>
                <span className={styles.hidden}>Actions</span>
              </TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {list.map((inv) => (
              <TableRow key={inv.id} data-testid="invitation-row" data-invitation-id={inv.id} data-code={inv.code}>
                <TableCell>{inv.name}</TableCell>
                <TableCell className={styles.mono}>{inv.code}</TableCell>
                <TableCell>{KIND[inv.kind]}</TableCell>
                <TableCell>
                  <InvitationStatusBadge invitation={inv} now={now} />
                </TableCell>
                <TableCell data-testid="invitation-redemptions">{redemptionsText(inv)}</TableCell>
                <TableCell>{expiryText(inv)}</TableCell>
                <TableCell>{roleNames(inv.role_ids)}</TableCell>
                <TableCell>
                  <div className={styles.actions}>
                    <Tooltip content={`Edit ${inv.name}`} relationship="label">
                      <Button
                        appearance="subtle"
                        icon={<Edit20Regular />}
                        onClick={() => setOpen({ kind: "edit", invitation: inv })}
                        data-testid="invitation-edit"
                      />
                    </Tooltip>
                    {inv.status === "new" && (
                      <Tooltip content="Mark sent: the code has gone out" relationship="label">
                        <Button
                          appearance="subtle"
                          icon={<Send20Regular />}
                          disabled={setStatus.isPending}
                          onClick={() => changeStatus(inv, "sent", `Marked invitation ${inv.name} as sent.`)}
                          data-testid="invitation-mark-sent"
                        />
                      </Tooltip>
                    )}
                    {inv.status === "inactive" ? (
                      <Tooltip content="Reactivate: the code works again" relationship="label">
                        <Button
                          appearance="subtle"
                          icon={<ArrowUndo20Regular />}
                          disabled={setStatus.isPending}
                          onClick={() => changeStatus(inv, "new", `Reactivated invitation ${inv.name}; its code ${inv.code} works again.`)}
                          data-testid="invitation-reactivate"
                        />
                      </Tooltip>
                    ) : (
                      <Tooltip content="Revoke: the code stops working" relationship="label">
                        <Button
                          appearance="subtle"
                          icon={<Delete20Regular />}
                          onClick={() => setOpen({ kind: "revoke", invitation: inv })}
                          data-testid="invitation-revoke"
                        />
                      </Tooltip>
                    )}
                  </div>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open?.kind === "create" && (
        <InvitationDialog
          portal={portal.id}
          roles={roles}
          onSaved={(inv) => {
            setOpen(null);
            setMessage(`Created invitation ${inv.name} with code ${inv.code}.`);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "edit" && (
        <InvitationDialog
          portal={portal.id}
          roles={roles}
          invitation={open.invitation}
          onSaved={(inv) => {
            setOpen(null);
            setMessage(`Saved invitation ${inv.name} with code ${inv.code}.`);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "redeem" && <RedeemDialog portal={portal.id} roles={roles} onClose={() => setOpen(null)} />}
      {open?.kind === "revoke" && (
        <ConfirmDialog
          title={`Revoke invitation ${open.invitation.name}?`}
          confirmLabel="Revoke"
          onConfirm={async () => {
            const revoked = await revoke.mutateAsync({ portal: portal.id, invitation: open.invitation.id });
            setMessage(`Revoked invitation ${revoked.name}; its code ${revoked.code} can no longer be redeemed.`);
          }}
          onClose={() => setOpen(null)}
          testId="invitation-revoke-confirm"
        >
          The code {open.invitation.code} stops working at once. Contacts who already redeemed it keep their roles.
        </ConfirmDialog>
      )}
    </div>
  );
}
