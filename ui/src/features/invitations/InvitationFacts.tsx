// How an invitation's status, use and expiry read, shared by the invitations page and a contact's
// page: a status badge (expired when past its date), "r / max" redemptions and the expiry date.
import { Badge } from "@fluentui/react-components";
import type { Invitation, InvitationKind, InvitationStatus } from "../../api";
import { calendarDate } from "../../components/dates";
import { formatCount } from "../../components/numbers";

const STATUS: Record<InvitationStatus, { label: string; color: "informative" | "brand" | "success" | "subtle" }> = {
  new: { label: "New", color: "informative" },
  sent: { label: "Sent", color: "brand" },
  redeemed: { label: "Redeemed", color: "success" },
  inactive: { label: "Inactive", color: "subtle" },
};

export const KIND: Record<InvitationKind, string> = { single: "Single", group: "Group" };

/** Valid while its date (at 00:00 UTC) is not before the current hour, as the runtime checks. */
export function isExpired(invitation: Pick<Invitation, "expiry_date">, now: number): boolean {
  if (!invitation.expiry_date) return false;
  const hour = Math.floor(now / 3_600_000) * 3_600_000;
  return Date.parse(`${invitation.expiry_date.slice(0, 10)}T00:00:00Z`) < hour;
}

export function InvitationStatusBadge({ invitation, now }: { invitation: Invitation; now: number }) {
  if (invitation.status !== "inactive" && isExpired(invitation, now)) {
    return (
      <Badge appearance="tint" color="warning" data-testid="invitation-status" data-status="expired">
        Expired
      </Badge>
    );
  }
  const look = STATUS[invitation.status];
  return (
    <Badge appearance="tint" color={look.color} data-testid="invitation-status" data-status={invitation.status}>
      {look.label}
    </Badge>
  );
}

/** "2 / 5", "1,200 / 5,000", or "2 / ∞" when there is no limit (0). */
export function redemptionsText(invitation: Pick<Invitation, "redemptions" | "max_redemptions">): string {
  return `${formatCount(invitation.redemptions)} / ${invitation.max_redemptions === 0 ? "∞" : formatCount(invitation.max_redemptions)}`;
}

export function expiryText(invitation: Pick<Invitation, "expiry_date">): string {
  return invitation.expiry_date ? calendarDate(invitation.expiry_date) : "Never";
}
