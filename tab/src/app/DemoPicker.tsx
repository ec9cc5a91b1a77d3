import {
  Button,
  Field,
  Input,
  makeStyles,
  Select,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { listDemoUsers, type DemoUser } from '../host/browser-host.js';
import { messages } from '../messages/index.js';

// The browser demo's door: pick a demo person and a meeting. Several tabs with the same meeting
// and different people are the people of one call.

const useStyles = makeStyles({
  main: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalL,
    padding: tokens.spacingHorizontalL,
    maxWidth: '28rem',
  },
  form: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
});

export const DEFAULT_DEMO_MEETING = 'demo-1';

export function DemoPicker({
  onPick,
  initialMeeting,
}: {
  onPick: (userId: string, meeting: string) => void;
  initialMeeting?: string | null;
}) {
  const styles = useStyles();
  const headingId = useId();
  const [users, setUsers] = useState<DemoUser[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [userId, setUserId] = useState('');
  const [meeting, setMeeting] = useState(initialMeeting ?? DEFAULT_DEMO_MEETING);

  useEffect(() => {
    listDemoUsers().then(
      (list) => {
        setUsers(list);
        setUserId((current) => current || (list[0]?.userId ?? ''));
      },
      (failure: unknown) => {
        console.error(failure);
        setError(messages.shell.picker.usersFailed);
      },
    );
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (userId !== '' && meeting.trim() !== '') onPick(userId, meeting.trim());
  };

  return (
    <main className={styles.main} aria-labelledby={headingId}>
      <Text as="h1" id={headingId} size={600} weight="semibold">
        {messages.shell.picker.title}
      </Text>
      <Text>{messages.shell.picker.intro}</Text>
      {error !== null ? <Text role="alert">{error}</Text> : null}
      {users === null && error === null ? (
        <Spinner size="small" label={messages.shell.picker.loadingUsers} />
      ) : null}
      {users !== null ? (
        <form className={styles.form} onSubmit={submit}>
          <Field label={messages.shell.picker.userLabel}>
            <Select value={userId} onChange={(_event, data) => setUserId(data.value)}>
              {users.map((user) => (
                <option key={user.userId} value={user.userId}>
                  {user.displayName}
                </option>
              ))}
            </Select>
          </Field>
          <Field
            label={messages.shell.picker.meetingLabel}
            hint={messages.shell.picker.meetingHint}
          >
            <Input value={meeting} onChange={(_event, data) => setMeeting(data.value)} />
          </Field>
          <Button
            appearance="primary"
            type="submit"
            disabled={userId === '' || meeting.trim() === ''}
          >
            {messages.shell.picker.join}
          </Button>
        </form>
      ) : null}
    </main>
  );
}
