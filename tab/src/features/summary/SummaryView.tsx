import { Button, Link, makeStyles, tokens } from '@fluentui/react-components';
import { useId, useState, type ReactNode } from 'react';
import {
  renderSummaryMarkdown,
  type SessionSummary,
  type SummaryPerson,
} from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { formatClock, formatIsoDate, formatPercent } from '../shared/format.js';
import { LiveAnnouncer } from '../shared/LiveAnnouncer.js';
import { useViewStyles } from '../shared/styles.js';

const text = messages.features.summary;
const common = messages.features.common;

const useStyles = makeStyles({
  table: {
    width: '100%',
    borderCollapse: 'collapse',
    fontSize: tokens.fontSizeBase200,
    lineHeight: tokens.lineHeightBase200,
    fontVariantNumeric: 'tabular-nums',
    '& th, & td': {
      textAlign: 'start',
      padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalXS}`,
      borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
      verticalAlign: 'top',
    },
    '& th': { fontWeight: tokens.fontWeightSemibold },
  },
  over: { color: tokens.colorNeutralForeground1, fontWeight: tokens.fontWeightSemibold },
  actions: {
    display: 'flex',
    flexWrap: 'wrap',
    gap: tokens.spacingHorizontalS,
    alignItems: 'center',
  },
  download: {
    display: 'inline-flex',
    alignItems: 'center',
    minHeight: '44px',
    paddingLeft: tokens.spacingHorizontalS,
    paddingRight: tokens.spacingHorizontalS,
  },
});

export interface SummaryViewProps {
  readonly summary: SessionSummary;
  /** Puts text on the clipboard; the browser's clipboard unless a host needs another way. */
  readonly copyText?: (text: string) => Promise<void>;
}

const copyWithClipboard = (value: string) => navigator.clipboard.writeText(value);

/** The session's summary, the same content as the bot's card, with copy and download as Markdown. */
export function SummaryView({ summary, copyText = copyWithClipboard }: SummaryViewProps) {
  const styles = useViewStyles();
  const own = useStyles();
  const [announcement, setAnnouncement] = useState('');
  const headingId = useId();
  const markdown = renderSummaryMarkdown(summary);
  const nameOf = (id: string | null) =>
    id === null
      ? common.wholeCircle
      : (summary.people.find((person) => person.id === id)?.displayName ?? common.unknownPerson);
  const date = formatIsoDate(summary.startedAtMs ?? summary.endedAtMs ?? 0);

  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <LiveAnnouncer message={announcement} />
      <h2 id={headingId} className={styles.heading}>
        {text.heading(summary.frameworkName)}
      </h2>
      {!summary.isFinal && <p className={styles.note}>{text.preview}</p>}
      <div className={own.actions}>
        <Button
          appearance="primary"
          className={styles.tapTarget}
          onClick={() => {
            copyText(markdown).then(
              () => setAnnouncement(text.copied),
              () => setAnnouncement(text.copyFailed),
            );
          }}
        >
          {text.copyMarkdown}
        </Button>
        <Link
          className={own.download}
          href={`data:text/markdown;charset=utf-8,${encodeURIComponent(markdown)}`}
          download={text.fileName(date)}
        >
          {text.download}
        </Link>
      </div>
      {announcement !== '' && <p className={styles.caption}>{announcement}</p>}

      <SummarySection title={text.timeline}>
        <table className={own.table}>
          <thead>
            <tr>
              <th scope="col">{text.stage}</th>
              <th scope="col">{text.planned}</th>
              <th scope="col">{text.actual}</th>
            </tr>
          </thead>
          <tbody>
            {summary.timeline.map((stage) => (
              <tr key={stage.stageId}>
                <th scope="row">
                  {stage.name}
                  <br />
                  <span className={styles.caption}>{text.planStatus[stage.status]}</span>
                </th>
                <td>{formatClock(stage.plannedMs)}</td>
                <td
                  className={stage.overrunMs !== null && stage.overrunMs > 0 ? own.over : undefined}
                >
                  {stage.status === 'not-reached' ? '–' : formatClock(stage.actualMs)}
                  {stage.overrunMs !== null && stage.overrunMs > 0
                    ? ` (+${formatClock(stage.overrunMs)})`
                    : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </SummarySection>

      <SummarySection title={text.airtime}>
        <p className={styles.caption}>
          {summary.airtimeSource === 'transcript' ? text.fromTranscript : text.fromObserver}{' '}
          {text.balance(formatPercent(summary.conversation.balance))}
        </p>
        <table className={own.table}>
          <thead>
            <tr>
              <th scope="col">{text.person}</th>
              <th scope="col">{text.share}</th>
              <th scope="col">{text.turns}</th>
              <th scope="col">{text.questions}</th>
            </tr>
          </thead>
          <tbody>
            {summary.people.map((person) => (
              <PersonRow key={person.id} person={person} />
            ))}
          </tbody>
        </table>
      </SummarySection>

      <TextList
        title={text.alerts}
        items={summary.alerts.map(
          (alert) =>
            `${alert.stageName}, ${nameOf(alert.participant)}: ${
              messages.features.tally.ruleAlerts[alert.rule][alert.tag] ?? alert.message
            }`,
        )}
      />
      <TextList
        title={text.commitments}
        items={summary.commitments.map(
          (c) =>
            `${nameOf(c.owner)}: ${c.text}${c.dueDate === null ? '' : ` (${messages.features.notes.commitmentBy_(c.dueDate)})`}`,
        )}
      />
      <TextList
        title={text.experiments}
        items={summary.experiments.map((e) => `${nameOf(e.owner)}: ${e.text}`)}
      />
      <TextList
        title={text.sentences}
        items={summary.sentencesToRemember.map((s) => `${nameOf(s.owner)}: “${s.text}”`)}
      />
      <TextList
        title={text.appreciations}
        items={summary.appreciations.map(
          (a) =>
            `${messages.features.notes.appreciationLine(nameOf(a.from), nameOf(a.to))}: ${a.text}`,
        )}
      />
      {summary.nextRoles !== null && (
        <TextList
          title={text.nextRoles}
          items={Object.entries(summary.nextRoles).map(
            ([id, role]) => `${nameOf(id)}: ${common.roles[role]}`,
          )}
        />
      )}
    </section>
  );
}

function PersonRow({ person }: { readonly person: SummaryPerson }) {
  const styles = useViewStyles();
  const airtime = person.airtime;
  const role = person.role === null ? '' : common.roles[person.role];
  const label = (
    <th scope="row">
      {person.displayName}
      {person.isGuest ? ` (${common.guest})` : ''}
      {role !== '' && (
        <>
          <br />
          <span className={styles.caption}>{role}</span>
        </>
      )}
    </th>
  );
  if (person.status !== 'tracked' || airtime === null) {
    return (
      <tr>
        {label}
        <td colSpan={3}>{person.status === 'opted-out' ? text.optedOut : text.absent}</td>
      </tr>
    );
  }
  const { open, closed, leading } = airtime.questions;
  return (
    <tr>
      {label}
      <td>{formatPercent(airtime.share)}</td>
      <td>{airtime.turns}</td>
      <td>{open + closed + leading}</td>
    </tr>
  );
}

function SummarySection({
  title,
  children,
}: {
  readonly title: string;
  readonly children: ReactNode;
}) {
  const styles = useViewStyles();
  const id = useId();
  return (
    <section className={styles.section} aria-labelledby={id}>
      <h3 id={id} className={styles.subheading}>
        {title}
      </h3>
      {children}
    </section>
  );
}

function TextList({ title, items }: { readonly title: string; readonly items: readonly string[] }) {
  const styles = useViewStyles();
  return (
    <SummarySection title={title}>
      {items.length === 0 ? (
        <p className={styles.caption}>{text.none}</p>
      ) : (
        <ul className={styles.list}>
          {items.map((item, index) => (
            <li key={`${index}-${item}`} className={styles.body}>
              {item}
            </li>
          ))}
        </ul>
      )}
    </SummarySection>
  );
}
