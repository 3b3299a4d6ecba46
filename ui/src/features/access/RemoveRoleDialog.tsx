// Removes a web role in two steps: the admin confirms, then — when permissions, page rules,
// website access or contacts use the role — the core refuses with `confirmation_required` and says
// what it would unlink; that message is shown and only a second confirmation sends `confirmed: true`.
// How many contacts lose the role shows from the start.
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
import { useMemo, useState } from "react";
import { ApiError, NO_CONTACT_FILTER, removalMembers, useContactCount, useRemoveRole, type RoleRemoval, type WebRole } from "../../api";
import { countOf } from "../../components/numbers";

const useStyles = makeStyles({
  body: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

/** What a removal unlinks, for a preview: records by name, then the contacts that lose the role. */
function unlinkedText(removal: RoleRemoval): string {
  const parts = [...removal.table_permissions, ...removal.page_rules, ...removal.website_access];
  const members = removalMembers(removal);
  if (members) parts.push(`${countOf(members, "contact")} (the role is taken from them)`);
  return parts.join(", ");
}

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
  const filter = useMemo(() => ({ ...NO_CONTACT_FILTER, role_id: role.id }), [role.id]);
  const members = useContactCount(portal, filter).data;
  // The core's account of what removing the role unlinks, once it asked for confirmation.
  const [unlinks, setUnlinks] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const confirm = async () => {
    setError(null);
    try {
      const removal = await remove.mutateAsync({ portal, role: role.id, confirmed: unlinks !== null });
      // The core answers a needed confirmation with an error today; a preview would say so here.
      if (removal.removed) onRemoved(removal);
      else setUnlinks(`Removing it unlinks ${unlinkedText(removal)}.`);
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
              <span data-testid="role-remove-text">
                {typeof members === "number"
                  ? members === 0
                    ? "No contact has this role. "
                    : `${countOf(members, "contact")} ${members === 1 ? "has" : "have"} this role and lose${members === 1 ? "s" : ""} it, with what it grants. `
                  : "Contacts with this role lose what it grants. "}
                Table permissions, page rules and website access that use it are checked before anything is removed.
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
