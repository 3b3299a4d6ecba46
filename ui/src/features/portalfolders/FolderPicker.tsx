// A folder path field with a Browse… button that opens the system's folder picker; the path can
// also be typed or pasted.
import { Button, Field, Input, makeStyles, tokens } from "@fluentui/react-components";
import { FolderOpen20Regular } from "@fluentui/react-icons";
import { open } from "@tauri-apps/plugin-dialog";

const useStyles = makeStyles({
  row: { display: "flex", gap: tokens.spacingHorizontalS },
  input: { flexGrow: 1 },
});

interface Props {
  label: string;
  hint?: string;
  value: string;
  onChange: (value: string) => void;
  inputTestId: string;
  browseTestId: string;
  disabled?: boolean;
}

export function FolderPicker({ label, hint, value, onChange, inputTestId, browseTestId, disabled }: Props) {
  const styles = useStyles();
  const browse = async () => {
    const picked = await open({ directory: true, multiple: false, title: label });
    if (typeof picked === "string") onChange(picked);
  };
  return (
    <Field label={label} hint={hint}>
      <div className={styles.row}>
        <Input
          className={styles.input}
          value={value}
          onChange={(_, d) => onChange(d.value)}
          placeholder="/path/to/folder"
          aria-label={label}
          disabled={disabled}
          data-testid={inputTestId}
        />
        <Button icon={<FolderOpen20Regular />} onClick={() => void browse()} disabled={disabled} data-testid={browseTestId}>
          Browse…
        </Button>
      </div>
    </Field>
  );
}
