import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import type { ActionState } from './use-action.js';

/** The error of a failed action (announced at once), or a short confirmation (announced politely). */
export function ActionFeedback({ state }: { readonly state: ActionState }) {
  if (state.error !== null) {
    return (
      <MessageBar intent="error" role="alert">
        <MessageBarBody>{state.error}</MessageBarBody>
      </MessageBar>
    );
  }
  if (state.done !== null) {
    return (
      <MessageBar intent="success" role="status">
        <MessageBarBody>{state.done}</MessageBarBody>
      </MessageBar>
    );
  }
  return null;
}
