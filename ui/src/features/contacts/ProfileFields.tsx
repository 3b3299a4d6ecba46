// The profile fields of a contact (names, e-mail, mobile, user name) for the new-contact form and
// the contact's page, with the core's field errors beside them.
import { Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import type { ContactDraft } from "../../api";
import type { FormErrors } from "../../components/formErrors";

const useStyles = makeStyles({
  grid: { display: "grid", gridTemplateColumns: "1fr 1fr", gap: tokens.spacingVerticalM + " " + tokens.spacingHorizontalM },
});

/** What the inputs hold; empty text means "not set". */
export type ProfileText = { [K in keyof ContactDraft]-?: string };

export function draftOf(text: ProfileText): ContactDraft {
  const value = (s: string) => (s.trim() === "" ? null : s.trim());
  return {
    first_name: value(text.first_name),
    last_name: value(text.last_name),
    email: value(text.email),
    mobile_phone: value(text.mobile_phone),
    username: value(text.username),
  };
}

export function textOf(draft: ContactDraft): ProfileText {
  return {
    first_name: draft.first_name ?? "",
    last_name: draft.last_name ?? "",
    email: draft.email ?? "",
    mobile_phone: draft.mobile_phone ?? "",
    username: draft.username ?? "",
  };
}

const LABELS: Record<keyof ProfileText, { label: string; type?: "email" | "tel" }> = {
  first_name: { label: "First name" },
  last_name: { label: "Last name" },
  email: { label: "E-mail", type: "email" },
  mobile_phone: { label: "Mobile phone", type: "tel" },
  username: { label: "User name" },
};

interface Props {
  value: ProfileText;
  onChange: (value: ProfileText) => void;
  errors: FormErrors;
  /** A user name cannot change once set. */
  usernameLocked: boolean;
}

export function ProfileFields({ value, onChange, errors, usernameLocked }: Props) {
  const styles = useStyles();
  return (
    <div className={styles.grid}>
      {(Object.keys(LABELS) as (keyof ProfileText)[]).map((key) => (
        <Field
          key={key}
          label={LABELS[key].label}
          hint={key === "username" && usernameLocked ? "A user name cannot change once set." : undefined}
          validationMessage={errors.field(key)}
        >
          <Input
            type={LABELS[key].type}
            value={value[key]}
            disabled={key === "username" && usernameLocked}
            onChange={(_, d) => onChange({ ...value, [key]: d.value })}
            data-testid={`contact-${key.replace("_", "-")}`}
          />
        </Field>
      ))}
    </div>
  );
}
