// The banner at the top of every page while any key is within 90 days of expiry or expired.
// Which keys qualify and how urgent they are comes from the core (`severity`).
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { useKeyOverview, useSnoozeKey } from "../api";
import { localDateTime, utcDateTime } from "./dates";
import { useNavigation } from "./Navigation";
import { SEVERITY_LOOK } from "./severity";

export function KeyBanner() {
  const overview = useKeyOverview();
  const { go } = useNavigation();
  const snooze = useSnoozeKey();
  // The core decides which keys want the banner (within 90 days or expired, not snoozed).
  const attention = (overview.data ?? []).filter((v) => v.banner);
  if (attention.length === 0) return null;
  // The core lists the most urgent first.
  const first = attention[0];
  const key = first.key;
  if (!first.severity || !key) return null;
  const look = SEVERITY_LOOK[first.severity];
  const expired = first.severity === "expired";
  return (
    <MessageBar intent={look.intent} layout="multiline" data-testid="key-banner" data-severity={first.severity}>
      <MessageBarBody>
        <MessageBarTitle>
          {expired
            ? `The authentication key of ${first.portal_name} has ${first.time_left}.`
            : `The authentication key of ${first.portal_name} expires in ${first.time_left}.`}
        </MessageBarTitle>
        {expired ? "The portal cannot connect to Dataverse until the key is renewed." : "The portal stops working when it expires"}{" "}
        <span title={utcDateTime(key.not_after)}>({localDateTime(key.not_after)})</span>.
        {key.acknowledged_by && ` Renewal owned by ${key.acknowledged_by}.`}
        {attention.length > 1 && ` ${attention.length - 1} more portal${attention.length > 2 ? "s need" : " needs"} attention.`}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={() => go("key", first.portal_id)} data-testid="key-banner-manage">
          Renew key
        </Button>
        {first.next_milestone && (
          <Button
            appearance="transparent"
            disabled={snooze.isPending}
            onClick={() => snooze.mutate(first.portal_id)}
            data-testid="key-banner-snooze"
          >
            Snooze until {localDateTime(first.next_milestone.at)}
          </Button>
        )}
        {attention.length > 1 && <Button onClick={() => go("expiries")}>All expiries</Button>}
      </MessageBarActions>
    </MessageBar>
  );
}
