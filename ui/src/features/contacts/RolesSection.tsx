// A contact's web roles: the ones assigned (each can be unassigned) and assigning another.
import { Button, Caption1, Dropdown, MessageBar, MessageBarBody, Option, Text, makeStyles, tokens } from "@fluentui/react-components";
import { useState } from "react";
import { useContactAction, type WebRole } from "../../api";
import { Section } from "./Section";

const useStyles = makeStyles({
  list: { listStyle: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  role: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
  assign: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center" },
  muted: { color: tokens.colorNeutralForeground3 },
});

interface Props {
  portal: string;
  contactId: string;
  /** The contact's roles. */
  roles: readonly WebRole[];
  /** Every role of the portal. */
  allRoles: readonly WebRole[];
}

export function RolesSection({ portal, contactId, roles, allRoles }: Props) {
  const styles = useStyles();
  const act = useContactAction();
  const [pick, setPick] = useState<string | null>(null);
  const assignable = allRoles.filter((r) => !roles.some((own) => own.id === r.id));
  const picked = assignable.find((r) => r.id === pick);
  return (
    <Section title="Web roles" testId="contact-roles">
      <Caption1 className={styles.muted}>Every signed-in contact also has the authenticated users role.</Caption1>
      {act.isError && (
        <MessageBar intent="error">
          <MessageBarBody>{act.error.message}</MessageBarBody>
        </MessageBar>
      )}
      {roles.length === 0 && <Text>No roles assigned.</Text>}
      <ul className={styles.list}>
        {roles.map((role) => (
          <li key={role.id} className={styles.role} data-testid="contact-role" data-role-id={role.id}>
            <Text>{role.name}</Text>
            <Button
              size="small"
              appearance="subtle"
              disabled={act.isPending}
              onClick={() => act.mutate({ portal, id: contactId, action: { action: "unassign_role", role_id: role.id } })}
              data-testid="contact-role-unassign"
            >
              Unassign
            </Button>
          </li>
        ))}
      </ul>
      <div className={styles.assign}>
        <Dropdown
          aria-label="Role to assign"
          placeholder="Choose a role"
          value={picked?.name ?? ""}
          selectedOptions={picked ? [picked.id] : []}
          onOptionSelect={(_, d) => setPick(d.optionValue ?? null)}
          data-testid="contact-role-pick"
        >
          {assignable.map((r) => (
            <Option key={r.id} value={r.id}>
              {r.name}
            </Option>
          ))}
        </Dropdown>
        <Button
          disabled={!picked || act.isPending}
          onClick={() =>
            picked &&
            act.mutate({ portal, id: contactId, action: { action: "assign_role", role_id: picked.id } }, { onSuccess: () => setPick(null) })
          }
          data-testid="contact-role-assign"
        >
          Assign
        </Button>
      </div>
    </Section>
  );
}
