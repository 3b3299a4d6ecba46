// How a key severity looks: badge colour, message-bar intent and words.
import { Badge } from "@fluentui/react-components";
import type { Severity } from "../api";

type BadgeColor = "success" | "informative" | "warning" | "danger" | "severe";

export const SEVERITY_LOOK: Record<
  Severity,
  { color: BadgeColor; intent: "info" | "warning" | "error" | "success"; label: string }
> = {
  ok: { color: "success", intent: "success", label: "OK" },
  notice: { color: "informative", intent: "info", label: "Expires within 90 days" },
  warning: { color: "warning", intent: "warning", label: "Expires within 30 days" },
  critical: { color: "danger", intent: "error", label: "Expires within 7 days" },
  expired: { color: "severe", intent: "error", label: "Expired" },
};

export function SeverityBadge({ severity }: { severity: Severity | null }) {
  if (!severity) {
    return (
      <Badge appearance="outline" color="informative">
        No key
      </Badge>
    );
  }
  const look = SEVERITY_LOOK[severity];
  return (
    <Badge appearance="filled" color={look.color} data-testid="severity-badge">
      {look.label}
    </Badge>
  );
}
