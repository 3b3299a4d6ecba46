// Identity providers: local sign-in, the built-in Microsoft Entra ID provider and every
// configured external provider, with where the Sign in button goes, the add wizard, and per
// provider enable/disable, edit, test, metadata import and removal.
import { Button, MessageBar, MessageBarBody, Spinner, Text, Title2, Toolbar, makeStyles, tokens } from "@fluentui/react-components";
import { Add24Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useProviders, useRemoveProvider, useSettingsOverview, type IdentityProvider } from "../../api";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { useSelectedPortal } from "../../components/SelectedPortal";
import { AddProviderWizard } from "./AddProviderWizard";
import { DefaultProviderPicker } from "./DefaultProviderPicker";
import { EditProviderDialog } from "./EditProviderDialog";
import { ImportMetadataDialog } from "./ImportMetadataDialog";
import { ProviderCard, type ProviderDialog } from "./ProviderCard";
import { TestConnectionDialog } from "./TestConnectionDialog";

const useStyles = makeStyles({
  page: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalL, maxWidth: "1100px" },
  list: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

type Open = { action: ProviderDialog | "add"; provider?: IdentityProvider } | null;

export function ProvidersPage() {
  const styles = useStyles();
  const { portal } = useSelectedPortal();
  const providers = useProviders(portal?.id);
  const overview = useSettingsOverview(portal?.id);
  const remove = useRemoveProvider();
  const [open, setOpen] = useState<Open>(null);
  const [message, setMessage] = useState<string | null>(null);

  if (!portal) return <Text>Add a portal first.</Text>;
  const close = () => setOpen(null);
  const site = portal.url.replace(/\/+$/, "");
  // The checker decides whether the Sign in button points nowhere; the picker only shows it.
  const loginButtonFinding = overview.data?.findings.find((f) => f.rule === "unknown_login_button_provider");
  const subject = open?.provider;

  return (
    <div className={styles.page} data-testid="providers-page">
      <Title2 as="h1">Identity providers</Title2>
      <Text>
        How people sign in to {portal.name}. OpenID Connect with Microsoft Entra ID or Azure AD B2C is recommended; secrets are kept
        in this computer's keyring.
      </Text>
      {providers.data && <DefaultProviderPicker portal={portal.id} providers={providers.data} loginButtonFinding={loginButtonFinding} />}
      <Toolbar aria-label="Provider actions">
        <Button appearance="primary" icon={<Add24Regular />} onClick={() => setOpen({ action: "add" })} data-testid="add-provider">
          Add provider
        </Button>
      </Toolbar>
      {message && (
        <MessageBar intent="success" data-testid="providers-message">
          <MessageBarBody>{message}</MessageBarBody>
        </MessageBar>
      )}
      {providers.isPending && <Spinner label="Loading providers…" />}
      {providers.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{providers.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {providers.data && (
        <div className={styles.list}>
          {providers.data.map((p) => (
            <ProviderCard key={p.key} portal={portal.id} provider={p} onAction={(action, provider) => setOpen({ action, provider })} />
          ))}
        </div>
      )}
      {open?.action === "add" && (
        <AddProviderWizard
          portal={portal.id}
          site={site}
          onClose={(added) => {
            close();
            if (added) {
              const next = added.protocol === "saml2" || added.protocol === "ws_federation" ? " Import its metadata to watch its signing certificates." : "";
              setMessage(`Added ${added.caption}.${next}`);
            }
          }}
        />
      )}
      {open?.action === "edit" && subject && <EditProviderDialog portal={portal.id} provider={subject} onClose={close} />}
      {open?.action === "test" && subject && <TestConnectionDialog portal={portal.id} provider={subject} onClose={close} />}
      {open?.action === "import" && subject && <ImportMetadataDialog portal={portal.id} provider={subject} onClose={close} />}
      {open?.action === "remove" && subject && (
        <ConfirmDialog
          title={`Remove ${subject.caption}?`}
          confirmLabel="Remove"
          testId="remove-provider-confirm"
          onConfirm={async () => {
            const removed = await remove.mutateAsync({ portal: portal.id, key: subject.key });
            setMessage(`Removed ${removed.caption}.`);
          }}
          onClose={close}
        >
          Every setting of this provider is removed, with its secret in the keyring and its tracked signing certificates
          {subject.is_default ? "; the Sign in button goes back to showing every provider" : ""}. People who signed in with it
          keep their contact records but cannot use it to sign in any more.
        </ConfirmDialog>
      )}
    </div>
  );
}
