import {
  Button,
  FluentProvider,
  makeStyles,
  Spinner,
  Text,
  tokens,
} from '@fluentui/react-components';
import { useEffect, type ReactNode } from 'react';
import { messages } from '../messages/index.js';
import type { ConnectionState, ThemeName } from './panel-model.js';
import { applyColorScheme, FLUENT_THEMES } from './themes.js';
import { VISUALLY_HIDDEN } from '../features/shared/visually-hidden.js';

// The frame every page sits in: the host's theme, a calm full-height surface, and the few
// shell-level states (starting, failed, connection) that are not any feature's business.

const useStyles = makeStyles({
  root: {
    minHeight: '100vh',
    boxSizing: 'border-box',
    display: 'flex',
    flexDirection: 'column',
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
  },
  centered: {
    flexGrow: 1,
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    justifyContent: 'center',
    gap: tokens.spacingVerticalM,
    padding: tokens.spacingHorizontalL,
    textAlign: 'center',
  },
  status: {
    position: 'sticky',
    top: 0,
    zIndex: 1,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  statusWarning: {
    backgroundColor: tokens.colorPaletteYellowBackground1,
    color: tokens.colorNeutralForeground1,
  },
  heading: {
    margin: `${tokens.spacingVerticalM} ${tokens.spacingHorizontalM} 0`,
    fontSize: tokens.fontSizeBase500,
    lineHeight: tokens.lineHeightBase500,
    fontWeight: tokens.fontWeightSemibold,
  },
  // Read by screen readers, not shown: where a 320 px panel has no room for a title.
  visuallyHidden: VISUALLY_HIDDEN,
});

export function ThemedFrame({ theme, children }: { theme: ThemeName; children: ReactNode }) {
  const styles = useStyles();
  useEffect(() => applyColorScheme(theme), [theme]);
  return (
    <FluentProvider theme={FLUENT_THEMES[theme]} className={styles.root}>
      {children}
    </FluentProvider>
  );
}

export function StartingScreen({ label = messages.shell.starting }: { label?: string }) {
  const styles = useStyles();
  return (
    <main className={styles.centered}>
      <Spinner size="medium" label={label} labelPosition="below" />
    </main>
  );
}

export function ErrorScreen({ message, onRetry }: { message: string; onRetry?: () => void }) {
  const styles = useStyles();
  return (
    <main className={styles.centered}>
      <Text as="h1" size={500} weight="semibold">
        {messages.shell.startFailed}
      </Text>
      <Text role="alert">{message}</Text>
      {onRetry ? (
        <Button appearance="primary" onClick={onRetry}>
          {messages.shell.retry}
        </Button>
      ) : null}
    </main>
  );
}

export function NoticeScreen({ title, body }: { title: string; body: string }) {
  const styles = useStyles();
  return (
    <main className={styles.centered}>
      <Text as="h1" size={500} weight="semibold">
        {title}
      </Text>
      <Text>{body}</Text>
    </main>
  );
}

/**
 * Every page's one level-one heading, which screen readers jump to first. The side panel and the
 * stage hide it (their stage card's heading is what people read); the tabs show it.
 */
export function PageHeading({
  id,
  children,
  isVisible = false,
}: {
  id?: string;
  children: ReactNode;
  isVisible?: boolean;
}) {
  const styles = useStyles();
  return (
    <h1 id={id} className={isVisible ? styles.heading : styles.visuallyHidden}>
      {children}
    </h1>
  );
}

/** Says nothing while all is well; speaks up when the connection is not live. */
export function ConnectionStatus({
  connection,
  pendingMarks,
}: {
  connection: ConnectionState;
  pendingMarks: number;
}) {
  const styles = useStyles();
  if (connection === 'live' && pendingMarks === 0) return <div role="status" aria-live="polite" />;
  const isTrouble = connection === 'offline' || connection === 'reconnecting';
  const text = connection === 'live' ? null : messages.shell.connection[connection];
  return (
    <div
      role="status"
      aria-live="polite"
      className={isTrouble ? `${styles.status} ${styles.statusWarning}` : styles.status}
      hidden={text === null && !isTrouble}
    >
      {text === null ? null : <Text size={200}>{text}</Text>}
      {isTrouble && pendingMarks > 0 ? (
        <Text size={200} block>
          {messages.shell.connection.pendingMarks(pendingMarks)}
        </Text>
      ) : null}
    </div>
  );
}
