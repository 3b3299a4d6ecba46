// Removes a web role in two steps: the admin confirms, then — when permissions, page rules or
// website access use the role — the core refuses with `confirmation_required` and says what it
// would unlink; that message is shown and only a second confirmation sends `confirmed: true`.
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
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState } from "react";
import { ApiError, useRemoveRole, type RoleRemoval, type WebRole } from "../../api";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/** The core writes its messages as clauses ("web role … Confirm to remove it"). */
function sentence(message: string): string {
  const text = message.charAt(0).toUpperCase() + message.slice(1);
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

interface Props {
  portal: string;
  role: WebRole;
  onRemoved: (removal: RoleRemoval) => void;
  onClose: () => void;
}

export function RemoveRoleDialog({ portal, role, onRemoved, onClose }: Props) {
  const styles = useStyles();
  const remove = useRemoveRole();
  // The core's account of what removing the role unlinks, once it asked for confirmation.
  const [unlinks, setUnlinks] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setError(null);
    try {
      const removal = await remove.mutateAsync({ portal, role: role.id, confirmed: unlinks !== null });
      // The core answers a needed confirmation with an error today; a preview would say so here.
      if (removal.removed) onRemoved(removal);
      else setUnlinks(`Removing it unlinks ${[...removal.table_permissions, ...removal.page_rules, ...removal.website_access].join(", ")}.`);
    } catch (e) {
      if (e instanceof ApiError && e.code === "confirmation_required") setUnlinks(sentence(e.message));
      else setError((e as Error).message);
    }
  };

  return (
    <Dialog open modalType="alert" onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface data-testid="role-remove-dialog">
        <DialogBody>
          <DialogTitle>Remove web role {role.name}?</DialogTitle>
          <DialogContent className={styles.body}>
            {unlinks === null ? (
              <span>
                Contacts with this role lose what it grants. Table permissions, page rules and website access that use it are
                checked before anything is removed.
              </span>
            ) : (
              <MessageBar intent="warning" data-testid="role-remove-message">
                <MessageBarBody>{unlinks}</MessageBarBody>
              </MessageBar>
            )}
            {error && (
              <MessageBar intent="error" data-testid="role-remove-error">
                <MessageBarBody>{error}</MessageBarBody>
              </MessageBar>
            )}
          </DialogContent>
          <DialogActions>
            <Button onClick={onClose}>Cancel</Button>
            <Button appearance="primary" disabled={remove.isPending} onClick={() => void confirm()} data-testid="role-remove-confirm">
              {unlinks === null ? "Remove" : "Unlink and remove"}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
