import {
  Button,
  Field,
  Input,
  makeStyles,
  mergeClasses,
  Select,
  ToggleButton,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useId, useRef, useState } from 'react';
import {
  canAddParticipant,
  minutesToMs,
  type EpochMs,
  type Mark,
  type ParticipantId,
  type SessionState,
} from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { formatClock, formatOverrunClock, formatPercent } from '../shared/format.js';
import { LiveAnnouncer } from '../shared/LiveAnnouncer.js';
import { useViewStyles } from '../shared/styles.js';
import type { ViewCommandOutcome } from '../shared/types.js';
import { useAction } from '../shared/use-action.js';
import { describeTracker, type TrackedPerson } from './airtime-tracker-model.js';
import { advanceRound, describeRoundTurn, startRound, type Round } from './round-robin.js';

const text = messages.features.tracker;

const ROUND_MINUTES = [1, 2, 3, 5] as const;

const useStyles = makeStyles({
  tap: {
    width: '100%',
    minHeight: '56px',
    justifyContent: 'flex-start',
    textAlign: 'start',
    paddingTop: tokens.spacingVerticalS,
    paddingBottom: tokens.spacingVerticalS,
  },
  tapContent: {
    display: 'grid',
    gridTemplateColumns: 'auto minmax(0, 1fr)',
    alignItems: 'center',
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    width: '100%',
  },
  key: {
    minWidth: '24px',
    textAlign: 'center',
    fontVariantNumeric: 'tabular-nums',
    fontWeight: tokens.fontWeightRegular,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid currentColor`,
    paddingLeft: tokens.spacingHorizontalXS,
    paddingRight: tokens.spacingHorizontalXS,
  },
  // A name is never cut short: at 320 px a long one wraps (at a space or hyphen, or inside a very
  // long word) and the button grows.
  name: {
    minWidth: 0,
    overflowWrap: 'anywhere',
    fontSize: tokens.fontSizeBase400,
    lineHeight: tokens.lineHeightBase400,
  },
  stats: {
    gridColumn: '2',
    minWidth: 0,
    overflowWrap: 'anywhere',
    fontWeight: tokens.fontWeightRegular,
    fontSize: tokens.fontSizeBase200,
    fontVariantNumeric: 'tabular-nums',
  },
  bar: {
    gridColumn: '1 / -1',
    height: '4px',
    borderRadius: tokens.borderRadiusSmall,
    backgroundColor: tokens.colorNeutralStroke2,
    overflow: 'hidden',
  },
  barFill: {
    height: '100%',
    backgroundColor: 'currentColor',
  },
  more: {
    '& > summary': {
      // A list item keeps the browser's disclosure triangle; the line height makes it 44 px tall.
      display: 'list-item',
      lineHeight: '44px',
      cursor: 'pointer',
      fontWeight: tokens.fontWeightSemibold,
    },
    '& > summary:focus-visible': {
      outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`,
      borderRadius: tokens.borderRadiusMedium,
    },
  },
  moreBody: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalM,
    paddingTop: tokens.spacingVerticalS,
  },
  clock: {
    fontSize: tokens.fontSizeBase500,
    fontWeight: tokens.fontWeightSemibold,
    fontVariantNumeric: 'tabular-nums',
    margin: '0',
  },
});

export interface AirtimeTrackerProps {
  readonly session: SessionState;
  readonly me: ParticipantId;
  readonly nowMs: EpochMs;
  /** Every mark this panel made in the session, undo marks included (the shell keeps them). */
  readonly marks: readonly Mark[];
  /** `speaker` speaks from now on; null: silence. */
  readonly onMark: (speaker: ParticipantId | null) => void;
  /** Takes back this panel's latest mark; false when there was none. */
  readonly onUndo: () => boolean;
  readonly onAddGuest: (displayName: string) => Promise<ViewCommandOutcome>;
}

/**
 * The observer's tracker: one large tap target per person. A tap says "this person speaks now";
 * tapping the speaker again, Silence, 0 or Escape says nobody does. Number keys pick people
 * (picking, not toggling, so a double key press cannot turn into a silence).
 */
export function AirtimeTracker(props: AirtimeTrackerProps) {
  const { session, me, nowMs, marks, onMark, onUndo } = props;
  const styles = useViewStyles();
  const own = useStyles();
  const model = describeTracker(session, me, marks, nowMs);
  const [announcement, setAnnouncement] = useState('');
  const [round, setRound] = useState<Round | null>(null);
  const nameOf = (id: ParticipantId | null) =>
    model.people.find((person) => person.id === id)?.displayName ?? id ?? '';

  const mark = (speaker: ParticipantId | null) => {
    onMark(speaker);
    setAnnouncement(speaker === null ? text.markedSilence : text.marked(nameOf(speaker)));
  };
  const undo = () => setAnnouncement(onUndo() ? text.undone : text.nothingToUndo);

  // Read the latest props from the key handler without re-binding it on every tick.
  const latest = useRef({ model, mark, undo });
  latest.current = { model, mark, undo };
  const isActive = model.canRecord && model.isUnderway;
  useEffect(() => {
    if (!isActive) return undefined;
    const onKeyDown = (event: KeyboardEvent) => {
      if (event.defaultPrevented || isTypingTarget(event.target)) return;
      const { model: current, mark: markNow, undo: undoNow } = latest.current;
      const isUndo = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === 'z';
      if (isUndo) {
        event.preventDefault();
        undoNow();
        return;
      }
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === '0' || event.key === 'Escape') {
        event.preventDefault();
        markNow(null);
        return;
      }
      const person = current.people.find((p) => p.key !== null && String(p.key) === event.key);
      if (person !== undefined) {
        event.preventDefault();
        markNow(person.id);
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [isActive]);

  if (!model.canRecord) {
    return (
      <section className={styles.view} aria-label={text.region}>
        <p className={styles.caption}>{text.notRecorder}</p>
      </section>
    );
  }
  if (!model.isUnderway) {
    return (
      <section className={styles.view} aria-label={text.region}>
        <p className={styles.caption}>{text.notStarted}</p>
      </section>
    );
  }

  return (
    <section className={styles.view} aria-label={text.region}>
      <LiveAnnouncer message={announcement} />
      <h2 className={styles.heading}>{text.heading}</h2>
      <p className={styles.caption}>{text.hint}</p>
      <ul className={styles.plainList}>
        {model.people.map((person) => (
          <li key={person.id}>
            <TapTarget person={person} onTap={() => mark(person.isSpeaking ? null : person.id)} />
          </li>
        ))}
      </ul>
      <div className={styles.row}>
        <Button
          size="large"
          className={styles.tapTarget}
          appearance={model.mySpeaker === null ? 'primary' : 'secondary'}
          aria-pressed={model.mySpeaker === null}
          aria-keyshortcuts="0 Escape"
          onClick={() => mark(null)}
        >
          {text.silence}
        </Button>
        <Button
          size="large"
          className={styles.tapTarget}
          disabled={!model.hasMarksToUndo}
          aria-keyshortcuts="Control+Z"
          onClick={undo}
        >
          {text.undo}
        </Button>
      </div>
      {model.monologues.map((cue) => (
        <p key={cue.id} className={styles.cue}>
          {text.monologueCue(cue.displayName, formatClock(cue.turnMs))}
        </p>
      ))}
      {model.optedOut.length > 0 && (
        <div className={styles.section}>
          <h3 className={styles.subheading}>{text.optedOutList}</h3>
          <ul className={styles.plainList}>
            {model.optedOut.map((person) => (
              <li key={person.id} className={styles.body}>
                {person.displayName} — {text.optedOut}
              </li>
            ))}
          </ul>
        </div>
      )}
      <p className={styles.caption}>{text.balance(formatPercent(model.balance))}</p>
      <details className={own.more}>
        <summary>{text.more}</summary>
        <div className={own.moreBody}>
          <RoundRobin
            round={round}
            nowMs={nowMs}
            people={model.people}
            onStart={(perPersonMs) => {
              const next = startRound(
                model.people.map((p) => p.id),
                perPersonMs,
                nowMs,
              );
              setRound(next);
              if (next !== null) mark(next.order[0] ?? null);
            }}
            onNext={() => {
              if (round === null) return;
              const next = advanceRound(round, nowMs);
              setRound(next);
              mark(next === null ? null : (next.order[next.index] ?? null));
              if (next === null) setAnnouncement(text.round.done);
            }}
            onStop={() => {
              setRound(null);
              mark(null);
            }}
          />
          {canAddParticipant(session, me, `${me}\u0000guest`) && (
            <AddGuest onAddGuest={props.onAddGuest} />
          )}
        </div>
      </details>
    </section>
  );
}

function TapTarget({
  person,
  onTap,
}: {
  readonly person: TrackedPerson;
  readonly onTap: () => void;
}) {
  const own = useStyles();
  const statsId = useId();
  return (
    <ToggleButton
      size="large"
      checked={person.isSpeaking}
      appearance={person.isSpeaking ? 'primary' : 'secondary'}
      className={own.tap}
      aria-describedby={statsId}
      aria-keyshortcuts={person.key === null ? undefined : String(person.key)}
      onClick={onTap}
    >
      <span className={own.tapContent}>
        <span className={own.key} aria-hidden="true">
          {person.key ?? '·'}
        </span>
        <span className={own.name}>
          {person.displayName}
          {person.isGuest ? ` (${messages.features.common.guest})` : ''}
        </span>
        {/* Hidden from the name (which is the person's name alone) but read as its description. */}
        <span id={statsId} className={own.stats} aria-hidden="true">
          {person.isSpeaking ? `${text.speakingNow} · ` : ''}
          {text.share(formatPercent(person.share))} · {text.turns(person.turns)}
        </span>
        <span className={own.bar} aria-hidden="true">
          <span
            className={own.barFill}
            style={{ display: 'block', width: formatPercent(person.share) }}
          />
        </span>
      </span>
    </ToggleButton>
  );
}

function RoundRobin({
  round,
  nowMs,
  people,
  onStart,
  onNext,
  onStop,
}: {
  readonly round: Round | null;
  readonly nowMs: EpochMs;
  readonly people: readonly TrackedPerson[];
  readonly onStart: (perPersonMs: number) => void;
  readonly onNext: () => void;
  readonly onStop: () => void;
}) {
  const styles = useViewStyles();
  const own = useStyles();
  const headingId = useId();
  const [minutes, setMinutes] = useState<number>(2);
  const nameOf = (id: ParticipantId) => people.find((p) => p.id === id)?.displayName ?? id;
  const turn = round === null ? null : describeRoundTurn(round, nowMs);
  return (
    <div role="group" aria-labelledby={headingId} className={styles.section}>
      <h3 id={headingId} className={styles.subheading}>
        {text.round.heading}
      </h3>
      {turn === null ? (
        people.length === 0 ? (
          <p className={styles.caption}>{text.round.empty}</p>
        ) : (
          <div className={styles.row}>
            <Field label={text.round.perPerson}>
              <Select
                value={String(minutes)}
                onChange={(_event, data) => setMinutes(Number(data.value))}
              >
                {ROUND_MINUTES.map((value) => (
                  <option key={value} value={value}>
                    {value}
                  </option>
                ))}
              </Select>
            </Field>
            <Button
              className={mergeClasses(styles.tapTarget)}
              onClick={() => onStart(minutesToMs(minutes))}
            >
              {text.round.start}
            </Button>
          </div>
        )
      ) : (
        <>
          <p className={styles.body}>{text.round.now(nameOf(turn.current))}</p>
          {turn.overMs > 0 ? (
            <p className={styles.cue}>{text.round.over(formatOverrunClock(turn.overMs))}</p>
          ) : (
            <p className={own.clock}>{text.round.remaining(formatClock(turn.remainingMs))}</p>
          )}
          {turn.upNext.length > 0 && (
            <p className={styles.caption}>
              {text.round.upNext(turn.upNext.map(nameOf).join(', '))}
            </p>
          )}
          <div className={styles.row}>
            <Button appearance="primary" className={styles.tapTarget} onClick={onNext}>
              {text.round.next}
            </Button>
            <Button className={styles.tapTarget} onClick={onStop}>
              {text.round.stop}
            </Button>
          </div>
        </>
      )}
    </div>
  );
}

function AddGuest({
  onAddGuest,
}: {
  readonly onAddGuest: (displayName: string) => Promise<ViewCommandOutcome>;
}) {
  const styles = useViewStyles();
  const [name, setName] = useState('');
  const [run, state] = useAction();
  const trimmed = name.trim();
  return (
    <form
      className={styles.form}
      aria-label={text.addGuestHeading}
      onSubmit={(event) => {
        event.preventDefault();
        if (trimmed === '') return;
        void run(() => onAddGuest(trimmed), text.guestAdded(trimmed)).then((isDone) => {
          if (isDone) setName('');
        });
      }}
    >
      <h3 className={styles.subheading}>{text.addGuestHeading}</h3>
      <Field label={text.guestName}>
        <Input value={name} maxLength={100} onChange={(_event, data) => setName(data.value)} />
      </Field>
      <Button type="submit" className={styles.tapTarget} disabled={trimmed === '' || state.isBusy}>
        {text.addGuest}
      </Button>
      <ActionFeedback state={state} />
    </form>
  );
}

function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return (
    target.isContentEditable ||
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName) ||
    target.getAttribute('role') === 'textbox'
  );
}
