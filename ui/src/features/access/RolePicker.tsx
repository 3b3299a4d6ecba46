// Picks any number of web roles from the portal's roles (a multi-select dropdown), by id.
import { Dropdown, Option } from "@fluentui/react-components";
import type { WebRole } from "../../api";
import { roleNames } from "./labels";

interface Props {
  roles: readonly WebRole[];
  selected: readonly string[];
  onChange: (ids: string[]) => void;
  placeholder?: string;
  testId?: string;
  "aria-label"?: string;
}

export function RolePicker({ roles, selected, onChange, placeholder = "Choose web roles", testId, ...rest }: Props) {
  return (
    <Dropdown
      multiselect
      placeholder={placeholder}
      selectedOptions={[...selected]}
      value={roleNames(roles, selected).join(", ")}
      onOptionSelect={(_, data) => onChange(data.selectedOptions)}
      data-testid={testId}
      aria-label={rest["aria-label"]}
    >
      {roles.map((r) => (
        <Option key={r.id} value={r.id} text={r.name} data-testid={`role-option-${r.name}`}>
          {r.active ? r.name : `${r.name} (inactive)`}
        </Option>
      ))}
    </Dropdown>
  );
}
