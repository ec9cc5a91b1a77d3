import type { SessionCommand } from '@grow-together/core';

// What the pure views hand to their containers. Structurally the same as the shell's
// `CommandInput` and a subset of its `CommandResult` (tab/src/app/panel-model.ts), so a container
// passes `panel.sendCommand` straight through.

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** A session command as a view sends it: the api sets `by` to the caller. */
export type ViewCommand = DistributiveOmit<SessionCommand, 'by'>;

export type ViewCommandOutcome =
  { readonly ok: true } | { readonly ok: false; readonly message: string };

export type SendViewCommand = (command: ViewCommand) => Promise<ViewCommandOutcome>;
