// Splits a core error for a form: messages for the fields the form shows, and the rest (including
// field errors for fields it does not show) as one general message, so nothing the core says is lost.
import { ApiError } from "../api";

export interface FormErrors {
  /** The core's message for a field the form shows. */
  field: (name: string) => string | undefined;
  /** Everything that has no field of its own on the form. */
  general: string | undefined;
}

export function formErrors(error: Error | null, shown: readonly string[]): FormErrors {
  const api = error instanceof ApiError ? error : undefined;
  const field = (name: string) => (shown.includes(name) ? api?.fieldMessage(name) : undefined);
  if (!error) return { field, general: undefined };
  if (!api || api.fields.length === 0) return { field, general: error.message };
  const rest = api.fields.filter((f) => !shown.includes(f.field)).map((f) => f.message);
  return { field, general: rest.length > 0 ? rest.join(" ") : undefined };
}
