// Invitations: the portal's invitation codes with their kind, status, use and expiry; creating
// one, redeeming a code for a contact, and revoking one.
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
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Add20Regular, Delete20Regular, TicketDiagonal20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useAccessOverview, useInvitations, useRevokeInvitation, type Invitation } from "../../api";
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
});

type Open = { kind: "create" } | { kind: "redeem" } | { kind: "revoke"; invitation: Invitation } | null;

export function InvitationsPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const invitations = useInvitations(portal?.id);
  const roles = [...(useAccessOverview(portal?.id).data?.model.roles ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const revoke = useRevokeInvitation();
  const now = useNow();
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (!portal) return <Text>Add a portal first.</Text>;
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
              <TableHeaderCell style={{ width: "120px" }} />
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
                  <Button
                    size="small"
                    icon={<Delete20Regular />}
                    disabled={inv.status === "inactive"}
                    onClick={() => setOpen({ kind: "revoke", invitation: inv })}
                    data-testid="invitation-revoke"
                  >
                    Revoke
                  </Button>
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
          onCreated={(inv) => {
            setOpen(null);
            setMessage(`Created invitation ${inv.name} with code ${inv.code}.`);
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
