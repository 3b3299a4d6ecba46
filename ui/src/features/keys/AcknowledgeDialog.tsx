// Record who owns the renewal of a portal's key; the core validates the name.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { ApiError, useAcknowledgeKey, type Portal } from "../../api";

export function AcknowledgeDialog({ portal, current, onClose }: { portal: Portal; current: string; onClose: () => void }) {
  const [owner, setOwner] = useState(current);
  const acknowledge = useAcknowledgeKey();
  const error = acknowledge.error instanceof ApiError ? acknowledge.error.fieldMessage("owner") : acknowledge.error?.message;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    acknowledge.mutate({ portal: portal.id, owner }, { onSuccess: onClose });
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>Who owns the renewal of {portal.name}'s key?</DialogTitle>
            <DialogContent>
              <Field label="Owner" hint="Shown on the banner and this page. Leave empty to clear." validationMessage={error}>
                <Input value={owner} onChange={(_, d) => setOwner(d.value)} autoFocus data-testid="key-owner-input" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={acknowledge.isPending} data-testid="key-owner-save">
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
