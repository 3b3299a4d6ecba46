// One contact's page, in a panel over the list: who it is, whether and why it can sign in, its
// security state and actions, profile, identities, roles, invitations and history.
import {
  Button,
  DrawerBody,
  DrawerHeader,
  DrawerHeaderTitle,
  Link,
  MessageBar,
  MessageBarBody,
  MessageBarTitle,
  OverlayDrawer,
  Spinner,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Dismiss24Regular } from "@fluentui/react-icons";
import { useAccessOverview, useContactDetails, type ContactDetails as Details } from "../../api";
import { countOf } from "../../components/numbers";
import { useNow } from "../../components/useNow";
import { ContactInvitations } from "./ContactInvitations";
import { ContactStatus } from "./ContactStatus";
import { DiagnosisPanel } from "./DiagnosisPanel";
import { HistorySection } from "./HistorySection";
import { IdentitiesSection } from "./IdentitiesSection";
import { contactName } from "./labels";
import { ProfileSection } from "./ProfileSection";
import { RolesSection } from "./RolesSection";
import { SecuritySection } from "./SecuritySection";

const useStyles = makeStyles({
  header: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  // Sections keep their height (a multi-line message bar would otherwise be squeezed); the body scrolls.
  body: { display: "flex", flexDirection: "column", paddingBottom: tokens.spacingVerticalXXL, "& > *": { flexShrink: 0 } },
  others: { margin: 0, paddingInlineStart: tokens.spacingHorizontalL },
});

interface Props {
  portal: string;
  id: string;
  /** Opens another contact (one sharing the e-mail address). */
  onOpen: (id: string) => void;
  onClose: () => void;
}

export function ContactDetails({ portal, id, onOpen, onClose }: Props) {
  const styles = useStyles();
  const details = useContactDetails(portal, id);
  const allRoles = [...(useAccessOverview(portal).data?.model.roles ?? [])].sort((a, b) => a.name.localeCompare(b.name));
  const now = useNow();
  const data = details.data;
  return (
    <OverlayDrawer
      open
      position="end"
      size="large"
      onOpenChange={(_, d) => !d.open && onClose()}
      aria-label="Contact"
      data-testid="contact-details"
      data-contact-id={id}
    >
      <DrawerHeader className={styles.header}>
        <DrawerHeaderTitle
          action={<Button appearance="subtle" aria-label="Close" icon={<Dismiss24Regular />} onClick={onClose} data-testid="contact-close" />}
        >
          {data ? contactName(data.contact) : "Contact"}
        </DrawerHeaderTitle>
        {data && <ContactStatus contact={data.contact} lockedUntil={data.locked_until} emailShared={data.same_email.length > 0} now={now} />}
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        {details.isPending && <Spinner label="Loading the contact…" />}
        {details.isError && (
          <MessageBar intent="error">
            <MessageBarBody>{details.error.message}</MessageBarBody>
          </MessageBar>
        )}
        {data && (
          <>
            <SameEmail details={data} onOpen={onOpen} />
            <DiagnosisPanel portal={portal} contactId={id} diagnosis={data.diagnosis} fetchedAt={details.dataUpdatedAt} />
            <SecuritySection portal={portal} contact={data.contact} lockedUntil={data.locked_until} rules={data.rules} now={now} />
            <ProfileSection portal={portal} contact={data.contact} />
            <IdentitiesSection portal={portal} contact={data.contact} />
            <RolesSection portal={portal} contactId={id} roles={data.roles} allRoles={allRoles} />
            <ContactInvitations invitations={data.invitations} now={now} />
            <HistorySection history={data.history} />
          </>
        )}
      </DrawerBody>
    </OverlayDrawer>
  );
}

function SameEmail({ details, onOpen }: { details: Details; onOpen: (id: string) => void }) {
  const styles = useStyles();
  const others = details.same_email;
  if (others.length === 0) return null;
  return (
    <MessageBar intent={details.rules.require_unique_email ? "error" : "warning"} layout="multiline" data-testid="contact-same-email">
      <MessageBarBody>
        <MessageBarTitle>
          {countOf(others.length, "other contact")} {others.length === 1 ? "shares" : "share"} this e-mail address.
        </MessageBarTitle>
        {details.rules.require_unique_email
          ? " With RequireUniqueEmail on, none of them can sign in until only one keeps it (deactivated contacts count too)."
          : " RequireUniqueEmail is off, so this does not block sign-in."}
        <ul className={styles.others}>
          {others.map((c) => (
            <li key={c.id}>
              <Link as="button" onClick={() => onOpen(c.id)}>
                {c.name || c.email || c.id}
              </Link>
              {c.active ? "" : " (inactive)"}
            </li>
          ))}
        </ul>
      </MessageBarBody>
    </MessageBar>
  );
}
