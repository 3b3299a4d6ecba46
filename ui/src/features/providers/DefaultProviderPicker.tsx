// Where the portal's Sign in button goes: straight to one external provider, or to the sign-in
// page with every provider. Shows the checker's finding when the stored choice matches no provider.
import { Dropdown, Field, MessageBar, MessageBarBody, MessageBarTitle, Option, makeStyles } from "@fluentui/react-components";
import { useSetDefaultProvider, type Finding, type IdentityProvider } from "../../api";
import { KIND_TITLE } from "./kinds";

const useStyles = makeStyles({
  dropdown: { minWidth: "360px" },
});

const ALL = "";

interface Props {
  portal: string;
  providers: IdentityProvider[];
  /** The checker's `unknown_login_button_provider` finding, when it has one. */
  loginButtonFinding: Finding | undefined;
}

export function DefaultProviderPicker({ portal, providers, loginButtonFinding }: Props) {
  const styles = useStyles();
  const setDefault = useSetDefaultProvider();
  const current = providers.find((p) => p.is_default);
  const choices = providers.filter((p) => p.actions.includes("make_default"));
  const selected = current?.key ?? ALL;
  return (
    <>
      <Field label="Sign in button goes to" hint="Only providers the portal loads can be chosen.">
        <Dropdown
          className={styles.dropdown}
          value={current ? current.caption : "Show all providers"}
          selectedOptions={[selected]}
          disabled={setDefault.isPending}
          onOptionSelect={(_, d) => {
            const key = d.optionValue ?? ALL;
            if (key !== selected) setDefault.mutate({ portal, key: key === ALL ? null : key });
          }}
          data-testid="default-provider"
        >
          <Option value={ALL} text="Show all providers">
            Show all providers (the sign-in page)
          </Option>
          {choices.map((p) => (
            <Option key={p.key} value={p.key} text={p.caption}>
              {`${p.caption} — ${KIND_TITLE[p.kind]}`}
            </Option>
          ))}
        </Dropdown>
      </Field>
      {loginButtonFinding && (
        <MessageBar intent={loginButtonFinding.severity === "error" ? "error" : "warning"} layout="multiline" data-testid="default-provider-dangling">
          <MessageBarBody>
            <MessageBarTitle>{loginButtonFinding.title}</MessageBarTitle> {loginButtonFinding.explanation} Choose a provider, or show all
            providers.
          </MessageBarBody>
        </MessageBar>
      )}
      {setDefault.error && (
        <MessageBar intent="error" layout="multiline">
          <MessageBarBody>{setDefault.error.message}</MessageBarBody>
        </MessageBar>
      )}
    </>
  );
}
