// Asks for a PKCS#12 file's password.
import { Button, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input } from "@fluentui/react-components";
import { useState, type FormEvent } from "react";

export function PasswordDialog({ file, onClose }: { file: string; onClose: (password: string | null) => void }) {
  const [password, setPassword] = useState("");
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onClose(password);
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose(null)}>
      <DialogSurface>
        <form onSubmit={submit}>
          <DialogBody>
            <DialogTitle>Password for {file.split(/[\\/]/).pop()}</DialogTitle>
            <DialogContent>
              <Field label="PKCS#12 password">
                <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoFocus />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={() => onClose(null)}>Cancel</Button>
              <Button appearance="primary" type="submit">
                Import
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
