// Confirm before removing a portal from the workspace.
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
import { useRemovePortal } from "../../api";
import type { Portal } from "../../api";

export function RemovePortalDialog({ portal, onClose }: { portal: Portal; onClose: () => void }) {
  const remove = useRemovePortal();
  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Remove {portal.name}?</DialogTitle>
          <DialogContent>
            The portal leaves this workspace; the portal itself and its Dataverse data are not touched. Its change
            history stays in the audit trail.
            {remove.error && (
              <MessageBar intent="error">
                <MessageBarBody>{remove.error.message}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button
              appearance="primary"
              disabled={remove.isPending}
              data-testid="portal-remove-confirm"
              onClick={() => remove.mutate(portal.id, { onSuccess: onClose })}
            >
              Remove
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
