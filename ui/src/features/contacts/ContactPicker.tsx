// Finds a contact by the start of its name, e-mail or user name as it is typed; what is typed
// stays usable on its own (the core also resolves a name, e-mail or user name).
import { Caption1, Combobox, Option, makeStyles, tokens } from "@fluentui/react-components";
import { useContactSearch } from "../../api";
import { useDebounced } from "../../components/useDebounced";

const useStyles = makeStyles({
  option: { display: "flex", flexDirection: "column" },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** What is typed, and the contact chosen from the suggestions (null until one is). */
export interface PickedContact {
  id: string | null;
  text: string;
}

export const NO_CONTACT: PickedContact = { id: null, text: "" };

interface Props {
  portal: string;
  value: PickedContact;
  onChange: (value: PickedContact) => void;
  testId?: string;
  "aria-label"?: string;
}

export function ContactPicker({ portal, value, onChange, testId, "aria-label": ariaLabel }: Props) {
  const styles = useStyles();
  const term = useDebounced(value.text.trim(), 200);
  const search = useContactSearch(portal, term);
  const rows = search.data ?? [];
  return (
    <Combobox
      freeform
      value={value.text}
      selectedOptions={value.id ? [value.id] : []}
      placeholder="Name, e-mail or user name"
      onChange={(e) => onChange({ id: null, text: e.target.value })}
      onOptionSelect={(_, d) => d.optionValue && onChange({ id: d.optionValue, text: d.optionText ?? "" })}
      aria-label={ariaLabel}
      data-testid={testId}
    >
      {rows.map((row) => (
        <Option key={row.id} value={row.id} text={row.name || row.email || row.id} data-testid="contact-option">
          <span className={styles.option}>
            <span>{row.name || "(no name)"}</span>
            <Caption1 className={styles.muted}>{[row.email, row.username].filter(Boolean).join(" · ")}</Caption1>
          </span>
        </Option>
      ))}
    </Combobox>
  );
}
