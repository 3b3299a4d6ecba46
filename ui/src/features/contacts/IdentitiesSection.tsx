// How a contact signs in: the local identity (user name and password state) and the external
// identities linked to it, with unlinking and linking one by provider and the provider's user key.
import {
  Button,
  Caption1,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { LinkDismiss20Regular } from "@fluentui/react-icons";
import { useState, type FormEvent } from "react";
import { useContactAction, type Contact } from "../../api";
import { passwordText } from "./labels";
import { Section } from "./Section";

const useStyles = makeStyles({
  facts: { display: "grid", gridTemplateColumns: "180px 1fr", gap: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}` },
  link: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "flex-end", flexWrap: "wrap" },
  mono: { fontFamily: tokens.fontFamilyMonospace, wordBreak: "break-all" },
  muted: { color: tokens.colorNeutralForeground3 },
});

export function IdentitiesSection({ portal, contact }: { portal: string; contact: Contact }) {
  const styles = useStyles();
  const act = useContactAction();
  const [provider, setProvider] = useState("");
  const [userKey, setUserKey] = useState("");
  const link = (event: FormEvent) => {
    event.preventDefault();
    act.mutate(
      { portal, id: contact.id, action: { action: "link_identity", provider: provider.trim(), user_key: userKey.trim() } },
      {
        onSuccess: () => {
          setProvider("");
          setUserKey("");
        },
      },
    );
  };
  return (
    <Section title="Identities" testId="contact-identities">
      <div className={styles.facts}>
        <Text weight="semibold">User name</Text>
        <Text data-testid="contact-identity-username">{contact.username ?? "No user name (cannot sign in locally)"}</Text>
        <Text weight="semibold">Password</Text>
        <Text data-testid="contact-identity-password">{passwordText(contact.password)}</Text>
        {contact.local_login_disabled && (
          <>
            <Text weight="semibold">Local sign-in</Text>
            <Text>Off for this contact: it signs in through an external identity only.</Text>
          </>
        )}
      </div>
      {act.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{act.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {contact.identities.length === 0 ? (
        <Caption1 className={styles.muted}>No external identity is linked.</Caption1>
      ) : (
        <Table size="small" aria-label="External identities">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Provider</TableHeaderCell>
              <TableHeaderCell>User key</TableHeaderCell>
              <TableHeaderCell style={{ width: "110px" }} />
            </TableRow>
          </TableHeader>
          <TableBody>
            {contact.identities.map((identity) => (
              <TableRow key={identity.id} data-testid="contact-identity" data-identity-id={identity.id}>
                <TableCell className={styles.mono}>{identity.provider}</TableCell>
                <TableCell className={styles.mono}>{identity.user_key}</TableCell>
                <TableCell>
                  <Button
                    size="small"
                    icon={<LinkDismiss20Regular />}
                    disabled={act.isPending}
                    onClick={() => act.mutate({ portal, id: contact.id, action: { action: "unlink_identity", identity_id: identity.id } })}
                    data-testid="identity-unlink"
                  >
                    Unlink
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <form className={styles.link} onSubmit={link}>
        <Field label="Provider" hint="The token issuer (OpenID Connect, SAML, WS-Fed) or an OAuth type such as Facebook.">
          <Input value={provider} onChange={(_, d) => setProvider(d.value)} data-testid="identity-provider" />
        </Field>
        <Field label="User key" hint="The provider's key for the user.">
          <Input value={userKey} onChange={(_, d) => setUserKey(d.value)} data-testid="identity-user-key" />
        </Field>
        <Button type="submit" disabled={provider.trim() === "" || userKey.trim() === "" || act.isPending} data-testid="identity-link">
          Link identity
        </Button>
      </form>
    </Section>
  );
}
