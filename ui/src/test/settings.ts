// Test data for the settings and providers pages: one setting as the core describes it. By default
// it is outside the catalogue and not stored; a test gives the fields it is about.
import type { EffectiveSetting } from "../api";

export function effectiveSetting(name: string, fields: Partial<EffectiveSetting> = {}): EffectiveSetting {
  return {
    name,
    in_catalogue: false,
    kind: null,
    group: null,
    description: null,
    default: null,
    depends_on: null,
    warning: null,
    record_id: null,
    stored_name: null,
    stored: null,
    effective: null,
    source: "default",
    notes: [],
    changed: false,
    shadowed: [],
    inactive_because: null,
    resettable: false,
    ...fields,
  };
}
