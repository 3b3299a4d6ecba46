// Confirm generating a key; replacing an active key says what that means.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  MessageBar,
  MessageBarBody,
} from "@fluentui/react-components";
import { useGenerateKey, type Portal } from "../../api";

export function GenerateKeyDialog({ portal, hasKey, onClose }: { portal: Portal; hasKey: boolean; onClose: (done?: string) => void }) {
  const generate = useGenerateKey();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{hasKey ? "Replace the authentication key?" : "Generate an authentication key?"}</DialogTitle>
          <DialogContent>
            A new RSA-2048 key pair and a self-signed certificate valid for {portal.key_lifetime_days} days will be created for{" "}
            {portal.name}. The private key is stored in this computer's keyring.
            {hasKey &&
              " The current key is retired here at once: upload the new certificate to the portal's Entra ID application before the portal needs it."}
            {generate.error && (
              <MessageBar intent="error">
                <MessageBarBody>{generate.error.message}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={() => onClose()}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={generate.isPending}
              data-testid="key-generate-confirm"
              onClick={() =>
                generate.mutate(
                  { portal: portal.id, replace: hasKey },
                  { onSuccess: (key) => onClose(`Generated a key with thumbprint ${key.thumbprint}.`) },
                )
              }
            >
              {generate.isPending ? "Generating…" : "Generate"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
