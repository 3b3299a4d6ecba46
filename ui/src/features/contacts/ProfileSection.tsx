// A contact's profile, edited in place and saved through the core (a changed e-mail becomes
// unconfirmed; a user name cannot change once set).
import { Button, MessageBar, MessageBarBody, makeStyles, tokens } from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useEditContact, type Contact } from "../../api";
import { formErrors } from "../../components/formErrors";
import { ProfileFields, draftOf, textOf, type ProfileText } from "./ProfileFields";
import { Section } from "./Section";

const useStyles = makeStyles({
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
  actions: { display: "flex", gap: tokens.spacingHorizontalS },
});

const FIELDS = ["first_name", "last_name", "email", "mobile_phone", "username"] as const;

export function ProfileSection({ portal, contact }: { portal: string; contact: Contact }) {
  const styles = useStyles();
  // Unsaved edits; null shows the contact as the core has it (canonical after a save).
  const [edits, setEdits] = useState<ProfileText | null>(null);
  const edit = useEditContact();
  const errors = formErrors(edit.error, FIELDS);
  const text = edits ?? textOf(contact);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    edit.mutate({ portal, id: contact.id, draft: draftOf(text) }, { onSuccess: () => setEdits(null) });
  };
  return (
    <Section title="Profile" testId="contact-profile">
      <form className={styles.form} onSubmit={submit} noValidate>
        {errors.general && (
          <MessageBar intent="error">
            <MessageBarBody>{errors.general}</MessageBarBody>
          </MessageBar>
        )}
        <ProfileFields value={text} onChange={setEdits} errors={errors} usernameLocked={contact.username !== null} />
        <div className={styles.actions}>
          <Button appearance="primary" type="submit" disabled={edits === null || edit.isPending} data-testid="contact-save">
            Save
          </Button>
          <Button
            disabled={edits === null}
            onClick={() => {
              setEdits(null);
              edit.reset();
            }}
          >
            Discard changes
          </Button>
        </div>
      </form>
    </Section>
  );
}
