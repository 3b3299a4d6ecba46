// Calls into the core: a command's result unwrapped into data or an `ApiError`, and event
// subscriptions that can be stopped before they are established. Only `src/api/` imports this.
import type { CommandError, ErrorCode, FieldError } from "./bindings";

/** A core error as the UI sees it: branch on `code`, show `message`, place `fields`. */
export class ApiError extends Error {
  readonly code: ErrorCode;
  readonly fields: FieldError[];

  constructor(error: CommandError) {
    super(error.message);
    this.name = "ApiError";
    this.code = error.code;
    this.fields = error.fields;
  }

  fieldMessage(field: string): string | undefined {
    const messages = this.fields.filter((f) => f.field === field).map((f) => f.message);
    return messages.length > 0 ? messages.join(" ") : undefined;
  }
}

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: CommandError };

export async function unwrap<T>(call: Promise<CommandResult<T>>): Promise<T> {
  const result = await call;
  if (result.status === "error") throw new ApiError(result.error);
  return result.data;
}

/** Starts listening; the returned function stops, even when called before the listener is up. */
export function subscribe(listening: Promise<() => void>): () => void {
  let stopped = false;
  let unlisten: (() => void) | undefined;
  void listening.then((stop) => {
    if (stopped) stop();
    else unlisten = stop;
  });
  return () => {
    stopped = true;
    unlisten?.();
  };
}
