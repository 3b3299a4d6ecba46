// Adds or edits a page access rule: name, description, right, scope, the page it sits on (by its
// place in the page tree, or none) and its web roles, saved through the core with its field errors
// next to the fields. Right and scope codes this app does not know are offered as they are and kept.
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  Field,
  Input,
  MessageBar,
  MessageBarBody,
  Select,
  Switch,
  Textarea,
  makeStyles,
  tokens,
} from "@fluentui/react-components";
import { useState, type FormEvent } from "react";
import { useSavePageRule, type AccessModel, type PageRule } from "../../api";
import { formErrors } from "../../components/formErrors";
import {
  NIL_ID,
  PAGE_RIGHTS,
  PAGE_RULE_SCOPES,
  pagePath,
  pageRightFromKey,
  pageRightKey,
  pageRightName,
  pageRuleScopeFromKey,
  pageRuleScopeKey,
  pageRuleScopeName,
} from "./labels";
import { RolePicker } from "./RolePicker";

const useStyles = makeStyles({
  surface: { maxWidth: "680px" },
  form: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalM },
});

const FIELDS = ["name", "description", "right", "scope", "page_id", "role_ids", "active"] as const;

/** The option value for "no page". */
const NO_PAGE = "";

export const NEW_PAGE_RULE: PageRule = {
  id: NIL_ID,
  name: "",
  description: null,
  right: { right: "restrict_read" },
  scope: { scope: "all_content" },
  page_id: null,
  active: true,
  role_ids: [],
};

interface Props {
  portal: string;
  model: AccessModel;
  /** The rule to edit; `NEW_PAGE_RULE` (nil id) adds one. */
  rule: PageRule;
  onSaved: (rule: PageRule) => void;
  onClose: () => void;
}

export function PageRuleEditor({ portal, model, rule, onSaved, onClose }: Props) {
  const styles = useStyles();
  const isNew = rule.id === NIL_ID;
  const [draft, setDraft] = useState<PageRule>(rule);
  const save = useSavePageRule();
  const errors = formErrors(save.error, FIELDS);
  const set = <K extends keyof PageRule>(key: K, value: PageRule[K]) => setDraft((d) => ({ ...d, [key]: value }));

  // Known choices, plus the stored one when it is a code this app does not know.
  const rights: { key: string; name: string }[] = PAGE_RIGHTS.map((r) => ({ key: r.right, name: pageRightName({ right: r.right }) }));
  if (rule.right.right === "unknown") rights.push({ key: pageRightKey(rule.right), name: pageRightName(rule.right) });
  const scopes: { key: string; name: string }[] = PAGE_RULE_SCOPES.map((s) => ({ key: s.scope, name: pageRuleScopeName({ scope: s.scope }) }));
  if (rule.scope.scope === "unknown") scopes.push({ key: pageRuleScopeKey(rule.scope), name: pageRuleScopeName(rule.scope) });
  const pages = model.pages.map((p) => ({ id: p.id, path: pagePath(model.pages, p.id) })).sort((a, b) => a.path.localeCompare(b.path));
  // A page the portal no longer has stays choosable, so opening and saving does not move the rule.
  if (rule.page_id !== null && !pages.some((p) => p.id === rule.page_id)) pages.push({ id: rule.page_id, path: `Unknown page (${rule.page_id})` });
  const rightExplanation = PAGE_RIGHTS.find((r) => r.right === draft.right.right)?.explain ?? "A right code this app does not know; it is kept as it is.";

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const description = draft.description?.trim() ? draft.description : null;
    save.mutate({ portal, rule: { ...draft, description } }, { onSuccess: (saved) => onSaved(saved) });
  };

  return (
    <Dialog open onOpenChange={(_, data) => !data.open && onClose()}>
      <DialogSurface className={styles.surface} aria-describedby={undefined} data-testid="page-rule-editor">
        <form onSubmit={submit} noValidate>
          <DialogBody>
            <DialogTitle>{isNew ? "New page access rule" : `Page access rule ${rule.name}`}</DialogTitle>
            <DialogContent className={styles.form}>
              {errors.general && (
                <MessageBar intent="error" data-testid="page-rule-error">
                  <MessageBarBody>{errors.general}</MessageBarBody>
                </MessageBar>
              )}
              <Field label="Name" required validationMessage={errors.field("name")}>
                <Input value={draft.name} onChange={(_, d) => set("name", d.value)} autoFocus={isNew} data-testid="page-rule-name" />
              </Field>
              <Field label="Description" validationMessage={errors.field("description")}>
                <Textarea
                  value={draft.description ?? ""}
                  resize="vertical"
                  onChange={(_, d) => set("description", d.value)}
                  data-testid="page-rule-description"
                />
              </Field>
              <Field label="Right" hint={rightExplanation} validationMessage={errors.field("right")}>
                <Select value={pageRightKey(draft.right)} onChange={(_, d) => set("right", pageRightFromKey(d.value))} data-testid="page-rule-right">
                  {rights.map((r) => (
                    <option key={r.key} value={r.key}>
                      {r.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                label="Scope"
                hint="Exclude direct child web files: the rule does not cover files attached directly to the page."
                validationMessage={errors.field("scope")}
              >
                <Select
                  value={pageRuleScopeKey(draft.scope)}
                  onChange={(_, d) => set("scope", pageRuleScopeFromKey(d.value))}
                  data-testid="page-rule-scope"
                >
                  {scopes.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.name}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field
                label="Web page"
                hint="The rule covers this page and the pages under it. Rules such as the out-of-box Grant Change to Content have no page."
                validationMessage={errors.field("page_id")}
              >
                <Select
                  value={draft.page_id ?? NO_PAGE}
                  onChange={(_, d) => set("page_id", d.value === NO_PAGE ? null : d.value)}
                  data-testid="page-rule-page"
                >
                  <option value={NO_PAGE}>No page</option>
                  {pages.map((p) => (
                    <option key={p.id} value={p.id}>
                      {p.path}
                    </option>
                  ))}
                </Select>
              </Field>
              <Field label="Web roles" hint="The rule applies to members of these roles." validationMessage={errors.field("role_ids")}>
                <RolePicker
                  roles={model.roles}
                  selected={draft.role_ids}
                  onChange={(ids) => set("role_ids", ids)}
                  testId="page-rule-roles"
                  aria-label="Web roles"
                />
              </Field>
              <Field validationMessage={errors.field("active")}>
                <Switch label="Active" checked={draft.active} onChange={(_, d) => set("active", d.checked)} data-testid="page-rule-active" />
              </Field>
            </DialogContent>
            <DialogActions>
              <Button onClick={onClose}>Cancel</Button>
              <Button appearance="primary" type="submit" disabled={save.isPending} data-testid="page-rule-save">
                Save
              </Button>
            </DialogActions>
          </DialogBody>
        </form>
      </DialogSurface>
    </Dialog>
  );
}
