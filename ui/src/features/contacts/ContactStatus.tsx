// A contact's sign-in relevant state as badges: locked until, inactive, login disabled,
// unconfirmed e-mail, an e-mail another contact shares, two-factor. Shared by the list (compact:
// "Locked", the moment in a tooltip) and the contact's page.
import { Badge, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import type { ContactRow } from "../../api";
import { localDateTime, utcDateTime } from "../../components/dates";
import { stillLocked } from "./labels";

const useStyles = makeStyles({
  badges: { display: "flex", gap: tokens.spacingHorizontalXS, flexWrap: "nowrap", overflow: "hidden", "& > *": { flexShrink: 0 } },
});

type StatusFields = Pick<ContactRow, "active" | "login_enabled" | "email_confirmed" | "two_factor_enabled">;

interface Props {
  contact: StatusFields;
  /** The core's word on the lockout: until when the account is locked out, or null. */
  lockedUntil: string | null;
  /** Whether another contact (deactivated ones included) has the same e-mail: the runtime then
   * refuses sign-in to every one of them. */
  emailShared: boolean;
  now: number;
  /** Short labels for a narrow column; what they shorten shows on hover. */
  compact?: boolean;
}

export function ContactStatus({ contact, lockedUntil, emailShared, now, compact = false }: Props) {
  const styles = useStyles();
  const locked = stillLocked(lockedUntil, now);
  return (
    <span className={styles.badges}>
      {locked &&
        (compact ? (
          <Tooltip content={`Locked until ${localDateTime(locked)} (${utcDateTime(locked)})`} relationship="description">
            <Badge appearance="filled" color="danger" data-testid="status-locked" data-locked-until={locked}>
              Locked
            </Badge>
          </Tooltip>
        ) : (
          <Badge appearance="filled" color="danger" title={utcDateTime(locked)} data-testid="status-locked" data-locked-until={locked}>
            Locked until {localDateTime(locked)}
          </Badge>
        ))}
      {!contact.active && (
        <Badge appearance="outline" color="informative" data-testid="status-inactive">
          Inactive
        </Badge>
      )}
      {!contact.login_enabled && (
        <Badge appearance="tint" color="warning" data-testid="status-login-disabled">
          Login disabled
        </Badge>
      )}
      {!contact.email_confirmed && (
        <Badge appearance="tint" color="informative" data-testid="status-unconfirmed">
          Unconfirmed
        </Badge>
      )}
      {emailShared && (
        // A label that starts with the badge's words: unlike a description, a plain-text label
        // renders nothing until shown, which matters for a page of rows that all share an e-mail.
        <Tooltip content="Shared e-mail: another contact has it too, and the portal refuses sign-in to all of them" relationship="label">
          <Badge appearance="tint" color="severe" data-testid="status-email-shared">
            Shared e-mail
          </Badge>
        </Tooltip>
      )}
      {contact.two_factor_enabled && (
        <Badge appearance="tint" color="brand" data-testid="status-two-factor">
          2FA
        </Badge>
      )}
    </span>
  );
}
