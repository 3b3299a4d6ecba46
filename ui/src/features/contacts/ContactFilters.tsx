// The contacts list's search (prefix or words), filter chips, role and order; turns what is
// chosen into the core's `ContactFilter`.
import { Dropdown, Input, Option, ToggleButton, makeStyles, tokens } from "@fluentui/react-components";
import { Search20Regular } from "@fluentui/react-icons";
import { NO_CONTACT_FILTER, type ContactFilter, type ContactSort, type WebRole } from "../../api";

const useStyles = makeStyles({
  bar: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS, alignItems: "center" },
  search: { minWidth: "280px", flexGrow: 1, maxWidth: "420px" },
  group: { display: "flex", gap: "2px" },
  dropdown: { minWidth: "180px" },
});

export type SearchMode = "prefix" | "words";

export type Chip = "locked_out" | "unconfirmed_email" | "two_factor" | "duplicate_email" | "inactive";

const CHIPS: { id: Chip; label: string }[] = [
  { id: "locked_out", label: "Locked out" },
  { id: "unconfirmed_email", label: "Unconfirmed e-mail" },
  { id: "two_factor", label: "Two-factor" },
  { id: "duplicate_email", label: "Duplicate e-mail" },
  { id: "inactive", label: "Inactive" },
];

export const SORTS: Record<ContactSort, string> = {
  name: "Name",
  email: "E-mail",
  username: "User name",
  last_sign_in: "Last sign-in (most recent first)",
};

export interface FilterState {
  term: string;
  mode: SearchMode;
  chips: Record<Chip, boolean>;
  roleId: string | null;
}

export const NO_FILTER: FilterState = {
  term: "",
  mode: "prefix",
  chips: { locked_out: false, unconfirmed_email: false, two_factor: false, duplicate_email: false, inactive: false },
  roleId: null,
};

/** The core's filter for what is chosen, with `term` (the settled search text) as the search. */
export function toContactFilter(state: FilterState, term: string): ContactFilter {
  const text = term.trim();
  return {
    ...NO_CONTACT_FILTER,
    search: state.mode === "prefix" && text !== "" ? text : null,
    full_text: state.mode === "words" && text !== "" ? text : null,
    locked_out: state.chips.locked_out,
    unconfirmed_email: state.chips.unconfirmed_email,
    two_factor: state.chips.two_factor,
    duplicate_email: state.chips.duplicate_email,
    role_id: state.roleId,
    active: state.chips.inactive ? false : null,
  };
}

interface Props {
  value: FilterState;
  onChange: (next: FilterState) => void;
  roles: readonly WebRole[];
  sort: ContactSort;
  onSort: (sort: ContactSort) => void;
}

export function ContactFilters({ value, onChange, roles, sort, onSort }: Props) {
  const styles = useStyles();
  const role = roles.find((r) => r.id === value.roleId);
  return (
    <div className={styles.bar} role="search" aria-label="Find contacts">
      <Input
        className={styles.search}
        contentBefore={<Search20Regular />}
        placeholder={value.mode === "prefix" ? "Name, e-mail or user name starts with…" : "Words anywhere in name, e-mail or user name…"}
        value={value.term}
        onChange={(_, d) => onChange({ ...value, term: d.value })}
        aria-label="Search contacts"
        data-testid="contacts-search"
      />
      <div className={styles.group} role="group" aria-label="Search mode">
        <ToggleButton
          size="small"
          checked={value.mode === "prefix"}
          onClick={() => onChange({ ...value, mode: "prefix" })}
          data-testid="contacts-search-prefix"
        >
          Starts with
        </ToggleButton>
        <ToggleButton
          size="small"
          checked={value.mode === "words"}
          onClick={() => onChange({ ...value, mode: "words" })}
          data-testid="contacts-search-words"
        >
          Contains words
        </ToggleButton>
      </div>
      {CHIPS.map((chip) => (
        <ToggleButton
          key={chip.id}
          size="small"
          shape="circular"
          checked={value.chips[chip.id]}
          onClick={() => onChange({ ...value, chips: { ...value.chips, [chip.id]: !value.chips[chip.id] } })}
          data-testid={`filter-${chip.id}`}
        >
          {chip.label}
        </ToggleButton>
      ))}
      <Dropdown
        className={styles.dropdown}
        size="small"
        aria-label="Role"
        value={role ? role.name : "Any role"}
        selectedOptions={[value.roleId ?? ""]}
        onOptionSelect={(_, d) => onChange({ ...value, roleId: d.optionValue ? d.optionValue : null })}
        data-testid="filter-role"
      >
        <Option value="">Any role</Option>
        {roles.map((r) => (
          <Option key={r.id} value={r.id}>
            {r.name}
          </Option>
        ))}
      </Dropdown>
      <Dropdown
        className={styles.dropdown}
        size="small"
        aria-label="Order"
        value={`Sort: ${SORTS[sort]}`}
        selectedOptions={[sort]}
        onOptionSelect={(_, d) => d.optionValue && onSort(d.optionValue as ContactSort)}
        data-testid="contacts-sort"
      >
        {(Object.keys(SORTS) as ContactSort[]).map((s) => (
          <Option key={s} value={s}>
            {SORTS[s]}
          </Option>
        ))}
      </Dropdown>
    </div>
  );
}
