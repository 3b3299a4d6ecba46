// In-app expiry alerts: shown when the watch could not reach a desktop notification service,
// with the reason, so no reminder is lost.
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { Dismiss20Regular } from "@fluentui/react-icons";
import { useCallback, useEffect, useRef, useState } from "react";
import { lastWatchRound, useKeyOverview, useWatchHealthAtStart, useWatchRounds, type NoticeReport, type WatchRan } from "../api";
import { useNavigation } from "./Navigation";
import { SEVERITY_LOOK } from "./severity";

export function WatchAlerts() {
  const [alerts, setAlerts] = useState<NoticeReport[]>([]);
  const [watchError, setWatchError] = useState<string | null>(null);
  const { go } = useNavigation();
  const overview = useKeyOverview();
  const healthAtStart = useWatchHealthAtStart();
  const [healthDismissed, setHealthDismissed] = useState(false);
  // A reminder about a key that has since been replaced, or whose reminders are snoozed, is not
  // shown: the core's `banner` flag says whether the key wants attention now.
  const current = new Set((overview.data ?? []).filter((v) => v.banner).map((v) => v.key?.thumbprint));
  const shown = alerts.filter((r) => current.has(r.notice.thumbprint));
  const seen = useRef(new Set<string>());
  const take = useCallback((round: WatchRan) => {
    // A round can arrive twice: from the event and from the startup query.
    if (seen.current.has(round.at)) return;
    seen.current.add(round.at);
    setWatchError(round.error ?? null);
    const inApp = round.reports.filter((r) => r.channel === "in-app");
    if (inApp.length > 0) setAlerts((a) => [...inApp, ...a]);
  }, []);
  useWatchRounds(take);
  useEffect(() => {
    // The first round may have run before this window was listening.
    void lastWatchRound().then((round) => round && take(round));
  }, [take]);
  const stalled = !healthDismissed && healthAtStart.data?.missed_reminders ? healthAtStart.data.message : null;
  return (
    <>
      {stalled && (
        <MessageBar intent="info" data-testid="watch-stalled">
          <MessageBarBody>
            <MessageBarTitle>Reminders may have been missed while the app was not running.</MessageBarTitle>
            {stalled} The latest due reminder is shown now; earlier ones were recorded as skipped.
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button aria-label="Dismiss" appearance="transparent" icon={<Dismiss20Regular />} onClick={() => setHealthDismissed(true)} />
            }
          />
        </MessageBar>
      )}
      {watchError && (
        <MessageBar intent="error">
          <MessageBarBody>
            <MessageBarTitle>The expiry watch could not run.</MessageBarTitle>
            {watchError}
          </MessageBarBody>
        </MessageBar>
      )}
      {shown.map((r, i) => (
        <MessageBar key={`${r.notice.portal_id}-${r.notice.milestone}-${i}`} intent={SEVERITY_LOOK[r.notice.severity].intent} data-testid="watch-alert">
          <MessageBarBody>
            <MessageBarTitle>{r.notice.title}</MessageBarTitle>
            {r.notice.body} {r.error && <em>(Shown here because desktop notifications failed: {r.error}.)</em>}
          </MessageBarBody>
          <MessageBarActions
            containerAction={
              <Button
                aria-label="Dismiss"
                appearance="transparent"
                icon={<Dismiss20Regular />}
                onClick={() => setAlerts((a) => a.filter((x) => x !== r))}
              />
            }
          >
            <Button onClick={() => go("key", r.notice.portal_id)}>Manage key</Button>
          </MessageBarActions>
        </MessageBar>
      ))}
    </>
  );
}
