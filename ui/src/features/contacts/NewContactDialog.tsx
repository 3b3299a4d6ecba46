// Adds a contact: names, e-mail, mobile, user name and an optional first password, checked by the
// core (its field errors, the password policy's own text included, show next to the fields).
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
  MessageBar,
  MessageBarBody,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useCreateContact, type Contact } from "../../api";
import { formErrors } from "../../components/formErrors";
import { ProfileFields, draftOf, type ProfileText } from "./ProfileFields";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

const FIELDS = ["first_name", "last_name", "email", "mobile_phone", "username", "password"] as const;

const EMPTY: ProfileText = { first_name: "", last_name: "", email: "", mobile_phone: "", username: "" };

interface Props {
  portal: string;
  onCreated: (contact: Contact) => void;
  onClose: () => void;
}

export function NewContactDialog({ portal, onCreated, onClose }: Props) {
  const styles = useStyles();
  const [text, setText] = useState<ProfileText>(EMPTY);
  const [password, setPassword] = useState("");
  const create = useCreateContact();
  const errors = formErrors(create.error, FIELDS);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ portal, draft: draftOf(text), password: password === "" ? null : password }, { onSuccess: onCreated });
  };
  return (
    <Dialog open onOpenChange={(_, d) => !d.open && onClose()}>
      <DialogSurface aria-describedby={undefined} data-testid="contact-new">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>New contact</DialogTitle>
            <DialogContent className={styles.form}>
              {errors.general && (
                <MessageBar intent="error">
                  <MessageBarBody>{errors.general}</MessageBarBody>
                </MessageBar>
              )}
              <ProfileFields value={text} onChange={setText} errors={errors} usernameLocked={false} />
              <Field
                label="Password"
                hint="Optional. Needs a user name; the portal's password policy applies."
                validationMessage={errors.field("password")}
              >
                <Input type="password" value={password} onChange={(_, d) => setPassword(d.value)} autoComplete="new-password" data-testid="contact-password" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={create.isPending} data-testid="contact-create">
                Create
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
