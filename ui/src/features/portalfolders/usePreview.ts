// A preview asked of the core on demand (import and export dialogs): its result or error, whether
// it is running, and a reset for when the inputs change.
import { useState } from "react";

export function usePreview<T>() {
  const [result, setResult] = useState<T | null>(null);
  const [error, setError] = useState<Error | null>(null);
  const [running, setRunning] = useState(false);
  const reset = () => {
    setResult(null);
    setError(null);
  };
  const run = async (load: () => Promise<T>): Promise<T | null> => {
    reset();
    setRunning(true);
    try {
      const value = await load();
      setResult(value);
      return value;
    } catch (e) {
      setError(e as Error);
      return null;
    } finally {
      setRunning(false);
    }
  };
  return { result, error, running, run, reset };
}
