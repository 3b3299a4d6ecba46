// The invitations that name a contact (invited, or redeemed by it).
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Text, makeStyles, tokens } from "@fluentui/react-components";
import type { Invitation } from "../../api";
import { InvitationStatusBadge, KIND, expiryText, redemptionsText } from "../invitations/InvitationFacts";
import { Section } from "./Section";

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace },
});

export function ContactInvitations({ invitations, now }: { invitations: readonly Invitation[]; now: number }) {
  const styles = useStyles();
  return (
    <Section title="Invitations" testId="contact-invitations">
      {invitations.length === 0 ? (
        <Text>No invitation names this contact.</Text>
      ) : (
        <Table size="small" aria-label="Invitations of the contact">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              <TableHeaderCell>Code</TableHeaderCell>
              <TableHeaderCell>Kind</TableHeaderCell>
              <TableHeaderCell>Status</TableHeaderCell>
              <TableHeaderCell>Redeemed</TableHeaderCell>
              <TableHeaderCell>Expires</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {invitations.map((inv) => (
              <TableRow key={inv.id} data-testid="contact-invitation" data-invitation-id={inv.id}>
                <TableCell>{inv.name}</TableCell>
                <TableCell className={styles.mono}>{inv.code}</TableCell>
                <TableCell>{KIND[inv.kind]}</TableCell>
                <TableCell>
                  <InvitationStatusBadge invitation={inv} now={now} />
                </TableCell>
                <TableCell>{redemptionsText(inv)}</TableCell>
                <TableCell>{expiryText(inv)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Section>
  );
}
