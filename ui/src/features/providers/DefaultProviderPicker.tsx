// Where the portal's Sign in button goes: straight to one external provider, or to the sign-in
// page with every provider. Warns when the stored choice matches no provider.
import { Dropdown, Field, MessageBar, MessageBarBody, Option, makeStyles } from "@fluentui/react-components";
import { useSetDefaultProvider, type EffectiveSetting, type IdentityProvider } from "../../api";
import { KIND_TITLE, isExternal } from "./kinds";

const useStyles = makeStyles({
  dropdown: { minWidth: "360px" },
});

const ALL = "";

interface Props {
  portal: string;
  providers: IdentityProvider[];
  /** `Authentication/Registration/LoginButtonAuthenticationType` as the core reads it. */
  loginButton: EffectiveSetting | undefined;
}

export function DefaultProviderPicker({ portal, providers, loginButton }: Props) {
  const styles = useStyles();
  const setDefault = useSetDefaultProvider();
  const current = providers.find((p) => p.is_default);
  const choices = providers.filter((p) => p.is_default || (isExternal(p) && p.enabled && p.authentication_type !== null));
  const selected = current?.key ?? ALL;
  const dangling = !current && loginButton?.effective ? loginButton.effective : null;
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
      {dangling && (
        <MessageBar intent="warning" data-testid="default-provider-dangling">
          <MessageBarBody>
            The Sign in button is set to “{dangling}”, which matches no enabled provider. Choose one, or show all providers.
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
