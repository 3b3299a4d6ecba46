// The website access permissions of a portal as a table (the four front-side editing rights and
// the roles), with add and edit in `WebsiteAccessEditor` and remove after a confirmation.
import {
  Badge,
  Button,
  Subtitle1,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  Toolbar,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { Add20Regular, Checkmark16Filled, Delete20Regular, Edit20Regular } from "@fluentui/react-icons";
import { useState } from "react";
import { useRemoveWebsiteAccess, type AccessModel, type WebsiteAccess } from "../../api";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { RoleBadges } from "./AccessBadges";
import { WEBSITE_RIGHTS } from "./labels";
import { NEW_WEBSITE_ACCESS, WebsiteAccessEditor } from "./WebsiteAccessEditor";

const useStyles = makeStyles({
  section: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS },
  table: { backgroundColor: tokens.colorNeutralBackground1 },
  name: { display: "flex", gap: tokens.spacingHorizontalS, alignItems: "center", flexWrap: "wrap" },
  right: { width: "120px", textAlign: "center" },
  actions: { width: "96px" },
  on: { color: tokens.colorPaletteGreenForeground1 },
  off: { color: tokens.colorNeutralForeground4 },
});

type Open = { kind: "edit"; access: WebsiteAccess } | { kind: "remove"; access: WebsiteAccess } | null;

interface Props {
  portal: string;
  model: AccessModel;
  onMessage: (message: string) => void;
}

export function WebsiteAccessSection({ portal, model, onMessage }: Props) {
  const styles = useStyles();
  const remove = useRemoveWebsiteAccess();
  const [open, setOpen] = useState<Open>(null);
  const records = [...model.website_access].sort((a, b) => a.name.localeCompare(b.name));

  return (
    <section className={styles.section} aria-labelledby="website-access-title">
      <Subtitle1 as="h2" id="website-access-title">
        Website access permissions
      </Subtitle1>
      <Toolbar aria-label="Website access actions">
        <Button
          appearance="primary"
          icon={<Add20Regular />}
          onClick={() => setOpen({ kind: "edit", access: NEW_WEBSITE_ACCESS })}
          data-testid="website-access-add"
        >
          New permission
        </Button>
      </Toolbar>
      {records.length === 0 ? (
        <Text>This portal has no website access permissions: nobody can edit content from the front side.</Text>
      ) : (
        <Table className={styles.table} aria-label="Website access permissions">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>Name</TableHeaderCell>
              {WEBSITE_RIGHTS.map((r) => (
                <TableHeaderCell key={r.key} className={styles.right}>
                  {r.name}
                </TableHeaderCell>
              ))}
              <TableHeaderCell>Web roles</TableHeaderCell>
              <TableHeaderCell className={styles.actions} aria-label="Actions" />
            </TableRow>
          </TableHeader>
          <TableBody>
            {records.map((a) => (
              <TableRow
                key={a.id}
                data-testid="website-access-row"
                data-name={a.name}
                data-rights={WEBSITE_RIGHTS.filter((r) => a[r.key])
                  .map((r) => r.key)
                  .join(" ")}
              >
                <TableCell>
                  <span className={styles.name}>
                    <Text weight="semibold">{a.name}</Text>
                    {!a.active && (
                      <Badge appearance="outline" color="informative" size="small">
                        Inactive
                      </Badge>
                    )}
                  </span>
                </TableCell>
                {WEBSITE_RIGHTS.map((r) => (
                  <TableCell key={r.key} className={styles.right}>
                    {a[r.key] ? (
                      <Checkmark16Filled className={styles.on} aria-label={`${r.name}: yes`} />
                    ) : (
                      <span className={styles.off} aria-label={`${r.name}: no`}>
                        —
                      </span>
                    )}
                  </TableCell>
                ))}
                <TableCell>
                  <RoleBadges roles={model.roles} ids={a.role_ids} />
                </TableCell>
                <TableCell className={styles.actions}>
                  <Button
                    appearance="subtle"
                    icon={<Edit20Regular />}
                    aria-label={`Edit ${a.name}`}
                    onClick={() => setOpen({ kind: "edit", access: a })}
                    data-testid="website-access-edit"
                  />
                  <Button
                    appearance="subtle"
                    icon={<Delete20Regular />}
                    aria-label={`Remove ${a.name}`}
                    onClick={() => setOpen({ kind: "remove", access: a })}
                    data-testid="website-access-remove"
                  />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {open?.kind === "edit" && (
        <WebsiteAccessEditor
          key={open.access.id}
          portal={portal}
          model={model}
          access={open.access}
          onSaved={(saved) => {
            setOpen(null);
            onMessage(`Saved website access permission ${saved.name}.`);
          }}
          onClose={() => setOpen(null)}
        />
      )}
      {open?.kind === "remove" && (
        <ConfirmDialog
          title={`Remove ${open.access.name}?`}
          confirmLabel="Remove"
          testId="website-access-remove-confirm"
          onConfirm={async () => {
            const removed = await remove.mutateAsync({ portal, id: open.access.id });
            onMessage(`Removed website access permission ${removed.name}.`);
          }}
          onClose={() => setOpen(null)}
        >
          <span data-testid="website-access-remove-text">
            Members of its roles lose the front-side rights it grants, unless another website access permission grants them too.
          </span>
        </ConfirmDialog>
      )}
    </section>
  );
}
