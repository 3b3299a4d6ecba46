// The header's portal picker: which portal the pages show.
import { Dropdown, Option, makeStyles, tokens } from "@fluentui/react-components";
import { usePortals } from "../api";
import { useSelectedPortal } from "./SelectedPortal";

const useStyles = makeStyles({
  dropdown: { minWidth: "280px", backgroundColor: tokens.colorNeutralBackground1 },
});

export function PortalSwitcher() {
  const styles = useStyles();
  const portals = usePortals();
  const { portal, select } = useSelectedPortal();
  const list = portals.data ?? [];
  return (
    <Dropdown
      className={styles.dropdown}
      aria-label="Portal"
      data-testid="portal-switcher"
      placeholder={list.length === 0 ? "No portals yet" : "Choose a portal"}
      disabled={list.length === 0}
      value={portal?.name ?? ""}
      selectedOptions={portal ? [portal.id] : []}
      onOptionSelect={(_, data) => data.optionValue && select(data.optionValue)}
    >
      {list.map((p) => (
        <Option key={p.id} value={p.id} text={p.name}>
          {p.name}
        </Option>
      ))}
    </Dropdown>
  );
}
