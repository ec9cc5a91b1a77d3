import { Button, Field, Select } from '@fluentui/react-components';
import { useId, useState } from 'react';
import {
  ACTION_LEARNING_ROLES,
  COACHING_ROLES,
  listPresent,
  proposeRoles,
  type ParticipantId,
  type Role,
  type RoleAssignment,
  type SessionState,
} from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { useViewStyles } from '../shared/styles.js';
import type { SendViewCommand } from '../shared/types.js';
import { useAction } from '../shared/use-action.js';

const text = messages.features.roles;
const roleNames = messages.features.common.roles;

/**
 * The roles of the people present, for whoever runs the session. When nobody present has a role
 * yet (a circle whose members arrived one by one), core's rotation suggests a fair assignment.
 */
export function suggestRoles(session: SessionState): RoleAssignment {
  const present = listPresent(session);
  const current: Record<ParticipantId, Role> = {};
  for (const person of present) if (person.role !== null) current[person.id] = person.role;
  if (Object.keys(current).length > 0) return current;
  const proposal = proposeRoles({
    kind: session.framework.kind,
    members: present.map((person) => person.id),
    history: [],
  });
  return proposal.ok ? proposal.roles : {};
}

export function RolesEditor({
  session,
  onCommand,
  onDone,
}: {
  readonly session: SessionState;
  readonly onCommand: SendViewCommand;
  readonly onDone?: () => void;
}) {
  const styles = useViewStyles();
  const headingId = useId();
  const present = listPresent(session);
  const hasRoles = present.some((person) => person.role !== null);
  // What I picked; everyone else shows the suggestion, which follows people as they arrive.
  const [picked, setPicked] = useState<Readonly<Record<ParticipantId, Role | ''>>>({});
  const suggested = suggestRoles(session);
  const choiceFor = (id: ParticipantId): Role | '' =>
    Object.hasOwn(picked, id)
      ? (picked[id] ?? '')
      : Object.hasOwn(suggested, id)
        ? (suggested[id] ?? '')
        : '';
  const [run, state] = useAction();
  const options: readonly Role[] =
    session.framework.kind === 'action-learning' ? ACTION_LEARNING_ROLES : COACHING_ROLES;

  return (
    <form
      aria-labelledby={headingId}
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        // The command replaces the whole assignment: people away keep the roles they had.
        const roles: Record<ParticipantId, Role> = {};
        for (const person of Object.values(session.participants)) {
          if (person.presence === 'absent' && person.role !== null) roles[person.id] = person.role;
        }
        for (const person of present) {
          const role = choiceFor(person.id);
          if (role !== '') roles[person.id] = role;
        }
        void run(() => onCommand({ type: 'assign-roles', roles }), text.saved).then((isSaved) => {
          if (isSaved) onDone?.();
        });
      }}
    >
      <h3 id={headingId} className={styles.subheading}>
        {text.heading}
      </h3>
      {!hasRoles && <p className={styles.caption}>{text.suggested}</p>}
      {present.map((person) => (
        <Field key={person.id} label={text.roleFor(person.displayName)}>
          <Select
            value={choiceFor(person.id)}
            onChange={(_event, data) =>
              setPicked((current) => ({
                ...current,
                [person.id]: options.find((role) => role === data.value) ?? '',
              }))
            }
          >
            <option value="">{text.none}</option>
            {options.map((role) => (
              <option key={role} value={role}>
                {roleNames[role]}
              </option>
            ))}
          </Select>
        </Field>
      ))}
      <div className={styles.row}>
        <Button
          type="submit"
          appearance="primary"
          className={styles.tapTarget}
          disabled={state.isBusy}
        >
          {text.save}
        </Button>
        {onDone !== undefined && hasRoles && (
          <Button className={styles.tapTarget} onClick={onDone}>
            {text.cancel}
          </Button>
        )}
      </div>
      <ActionFeedback state={state} />
    </form>
  );
}
