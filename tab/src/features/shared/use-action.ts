import { useCallback, useEffect, useRef, useState } from 'react';
import { messages } from '../../messages/index.js';

// Runs what a button asks for (a command, a save) and keeps what the view shows about it: busy
// while it runs, the error a person can read when it failed, or a short confirmation.

export interface ActionState {
  readonly isBusy: boolean;
  readonly error: string | null;
  readonly done: string | null;
}

/** A task may return anything; an `{ ok: false, message }` outcome counts as a failure. */
type Task = () => Promise<unknown> | unknown;

function refusalOf(outcome: unknown): string | null {
  if (typeof outcome !== 'object' || outcome === null || !('ok' in outcome)) return null;
  if (outcome.ok !== false) return null;
  return 'message' in outcome && typeof outcome.message === 'string' ? outcome.message : '';
}

export function useAction(): [
  (task: Task, doneMessage?: string) => Promise<boolean>,
  ActionState,
  () => void,
] {
  const [state, setState] = useState<ActionState>({ isBusy: false, error: null, done: null });
  const isMounted = useRef(true);
  useEffect(() => {
    isMounted.current = true;
    return () => {
      isMounted.current = false;
    };
  }, []);
  const run = useCallback(async (task: Task, doneMessage?: string) => {
    setState({ isBusy: true, error: null, done: null });
    let error: string | null;
    try {
      error = refusalOf(await task());
    } catch (thrown) {
      error = thrown instanceof Error ? thrown.message : String(thrown);
    }
    if (isMounted.current) {
      setState({
        isBusy: false,
        error: error === null ? null : `${messages.features.common.errorPrefix} ${error}`,
        done: error === null ? (doneMessage ?? null) : null,
      });
    }
    return error === null;
  }, []);
  const clear = useCallback(() => setState({ isBusy: false, error: null, done: null }), []);
  return [run, state, clear];
}
