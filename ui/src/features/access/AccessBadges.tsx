// Small shared pieces of the access pages: a table permission's scope as icon and name, its
// privileges as letters, a record's web roles as badges, and the posture warnings of the portal's
// access records.
import { Badge, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Tooltip, makeStyles, tokens } from "@fluentui/react-components";
import {
  Building16Regular,
  BranchFork16Regular,
  Globe16Regular,
  Person16Regular,
  PersonCircle16Regular,
  QuestionCircle16Regular,
} from "@fluentui/react-icons";
import type { ReactElement } from "react";
import type { PostureSeverity, PostureWarning, Privileges, Scope, WebRole } from "../../api";
import { PRIVILEGES, scopeExplanation, scopeName, type KnownScope } from "./labels";

const useStyles = makeStyles({
  letters: { display: "inline-flex", gap: tokens.spacingHorizontalXXS, flexWrap: "wrap" },
  warnings: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXS },
  roles: { display: "inline-flex", gap: tokens.spacingHorizontalXS, flexWrap: "wrap" },
  muted: { color: tokens.colorNeutralForeground3 },
});

const SCOPE_ICON: Record<KnownScope, ReactElement> = {
  global: <Globe16Regular />,
  contact: <Person16Regular />,
  account: <Building16Regular />,
  parent: <BranchFork16Regular />,
  self: <PersonCircle16Regular />,
};

/** The scope with its own icon; the tooltip says what the scope means. */
export function ScopeBadge({ scope }: { scope: Scope }) {
  const icon = scope.scope === "unknown" ? <QuestionCircle16Regular /> : SCOPE_ICON[scope.scope];
  return (
    <Tooltip content={scopeExplanation(scope)} relationship="description">
      <Badge
        appearance="tint"
        color={scope.scope === "unknown" ? "warning" : scope.scope === "global" ? "important" : "brand"}
        icon={icon}
        data-testid="scope-badge"
        data-scope={scope.scope}
      >
        {scopeName(scope)}
      </Badge>
    </Tooltip>
  );
}

/** Granted privileges as letters (R W C D A AT), each named for screen readers and on hover. */
export function PrivilegeLetters({ privileges }: { privileges: Privileges }) {
  const styles = useStyles();
  const on = PRIVILEGES.filter((p) => privileges[p.key]);
  if (on.length === 0) {
    return (
      <Badge appearance="outline" color="informative" data-testid="privileges">
        none
      </Badge>
    );
  }
  return (
    <span className={styles.letters} data-testid="privileges" data-privileges={on.map((p) => p.letter).join(" ")}>
      {on.map((p) => (
        <Badge key={p.key} appearance="filled" color="informative" size="small" title={p.name} aria-label={p.name}>
          {p.letter}
        </Badge>
      ))}
    </span>
  );
}

/** A record's web roles by name, one badge each; ids the portal does not have show as they are. */
export function RoleBadges({ roles, ids }: { roles: readonly WebRole[]; ids: readonly string[] }) {
  const styles = useStyles();
  if (ids.length === 0) {
    return (
      <Caption1 className={styles.muted} data-testid="role-badges">
        No role
      </Caption1>
    );
  }
  return (
    <span className={styles.roles} data-testid="role-badges">
      {ids.map((id) => {
        const role = roles.find((r) => r.id === id);
        return (
          <Badge key={id} appearance="outline" color={role?.active === false ? "informative" : "brand"} data-testid="role-badge">
            {role ? role.name : id}
          </Badge>
        );
      })}
    </span>
  );
}

const INTENT: Record<PostureSeverity, "info" | "warning" | "error"> = { info: "info", warning: "warning", error: "error" };

/** The core's posture warnings, most severe first (the core sorts them). */
export function PostureWarnings({ warnings }: { warnings: readonly PostureWarning[] }) {
  const styles = useStyles();
  if (warnings.length === 0) return null;
  return (
    <div className={styles.warnings} data-testid="posture-warnings">
      {warnings.map((w, i) => (
        <MessageBar key={`${w.code}-${w.subject}-${i}`} intent={INTENT[w.severity]} data-testid="posture-warning" data-code={w.code}>
          <MessageBarBody>
            <MessageBarTitle>{w.subject}</MessageBarTitle>
            {w.message}
          </MessageBarBody>
        </MessageBar>
      ))}
    </div>
  );
}
