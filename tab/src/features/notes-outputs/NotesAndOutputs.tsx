import { Button, Field, Input, Select, Textarea } from '@fluentui/react-components';
import { useEffect, useId, useState, type FormEvent, type ReactNode } from 'react';
import {
  findParticipant,
  type ParticipantId,
  type SessionOutputs,
  type SessionState,
} from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { useViewStyles } from '../shared/styles.js';
import { useAction } from '../shared/use-action.js';

const text = messages.features.notes;
const common = messages.features.common;

export interface NoteDraft {
  readonly text: string;
  /** The note's version the edit starts from; 0 for a new note. */
  readonly version: number;
}

export interface NotesAndOutputsProps {
  readonly session: SessionState;
  readonly me: ParticipantId;
  readonly note: NoteDraft | null;
  readonly outputs: SessionOutputs;
  readonly onSaveNote: (note: NoteDraft) => Promise<unknown>;
  readonly onAddCommitment: (commitment: {
    text: string;
    dueDate: string | null;
  }) => Promise<unknown>;
  readonly onAddExperiment: (text: string) => Promise<unknown>;
  readonly onAddSentence: (text: string) => Promise<unknown>;
  readonly onAddAppreciation: (appreciation: {
    to: ParticipantId | null;
    text: string;
  }) => Promise<unknown>;
}

/** The shared note and what the session produces: commitments, the experiment, the sentence to remember, appreciations. */
export function NotesAndOutputs(props: NotesAndOutputsProps) {
  const { session, me, outputs } = props;
  const styles = useViewStyles();
  const nameOf = (id: ParticipantId | null) => {
    if (id === null) return common.wholeCircle;
    const name = findParticipant(session, id)?.displayName ?? common.unknownPerson;
    return id === me ? common.personYou(name) : name;
  };
  const others = Object.values(session.participants).filter((p) => p.id !== me);

  return (
    <section className={styles.view} aria-label={text.region}>
      <SharedNote note={props.note} onSave={props.onSaveNote} />

      <OutputSection
        title={text.commitments}
        items={outputs.commitments.map(
          (c) =>
            `${c.text}${c.dueDate === null ? '' : ` (${text.commitmentBy_(c.dueDate)})`} ${text.ownedBy(nameOf(c.owner))}`,
        )}
      >
        <CommitmentForm onAdd={props.onAddCommitment} />
      </OutputSection>

      <OutputSection
        title={text.experiment}
        items={outputs.experiments.map((e) => `${e.text} ${text.ownedBy(nameOf(e.owner))}`)}
      >
        <SingleTextForm
          label={text.experimentText}
          submit={text.addExperiment}
          isLong
          onAdd={props.onAddExperiment}
        />
      </OutputSection>

      <OutputSection
        title={text.sentence}
        items={outputs.sentencesToRemember.map(
          (s) => `“${s.text}” ${text.ownedBy(nameOf(s.owner))}`,
        )}
      >
        <SingleTextForm
          label={text.sentenceText}
          submit={text.addSentence}
          onAdd={props.onAddSentence}
        />
      </OutputSection>

      <OutputSection
        title={text.appreciations}
        items={outputs.appreciations.map(
          (a) => `${text.appreciationLine(nameOf(a.from), nameOf(a.to))}: ${a.text}`,
        )}
      >
        <AppreciationForm
          people={others.map((p) => ({ id: p.id, name: p.displayName }))}
          onAdd={props.onAddAppreciation}
        />
      </OutputSection>
    </section>
  );
}

function SharedNote({
  note,
  onSave,
}: {
  readonly note: NoteDraft | null;
  readonly onSave: (note: NoteDraft) => Promise<unknown>;
}) {
  const styles = useViewStyles();
  const headingId = useId();
  const [draft, setDraft] = useState(note?.text ?? '');
  const [isDirty, setIsDirty] = useState(false);
  const [run, state] = useAction();
  // Someone else's saved note replaces mine only while I have nothing unsaved.
  useEffect(() => {
    if (!isDirty) setDraft(note?.text ?? '');
  }, [note?.text, note?.version, isDirty]);
  return (
    <form
      aria-labelledby={headingId}
      className={styles.form}
      onSubmit={(event) => {
        event.preventDefault();
        void run(() => onSave({ text: draft, version: note?.version ?? 0 }), common.saved).then(
          (isSaved) => {
            if (isSaved) setIsDirty(false);
          },
        );
      }}
    >
      <h2 id={headingId} className={styles.heading}>
        {text.sharedNote}
      </h2>
      <Field label={text.sharedNote} hint={text.sharedNoteHint}>
        <Textarea
          value={draft}
          resize="vertical"
          rows={5}
          maxLength={20_000}
          onChange={(_event, data) => {
            setDraft(data.value);
            setIsDirty(true);
          }}
        />
      </Field>
      <Button type="submit" className={styles.tapTarget} disabled={!isDirty || state.isBusy}>
        {text.saveNote}
      </Button>
      <ActionFeedback state={state} />
    </form>
  );
}

function OutputSection({
  title,
  items,
  children,
}: {
  readonly title: string;
  readonly items: readonly string[];
  readonly children: ReactNode;
}) {
  const styles = useViewStyles();
  const headingId = useId();
  return (
    // A group, not a landmark: after the end the summary's regions carry the same names.
    <div role="group" aria-labelledby={headingId} className={styles.section}>
      <h2 id={headingId} className={styles.heading}>
        {title}
      </h2>
      {items.length === 0 ? (
        <p className={styles.caption}>{text.noneYet}</p>
      ) : (
        <ul className={styles.list} aria-labelledby={headingId}>
          {items.map((item, index) => (
            <li key={`${index}-${item}`} className={styles.body}>
              {item}
            </li>
          ))}
        </ul>
      )}
      {children}
    </div>
  );
}

function useSubmit(task: () => Promise<unknown>, reset: () => void) {
  const [run, state] = useAction();
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void run(task, common.saved).then((isDone) => {
      if (isDone) reset();
    });
  };
  return { onSubmit, state };
}

function CommitmentForm({ onAdd }: { readonly onAdd: NotesAndOutputsProps['onAddCommitment'] }) {
  const styles = useViewStyles();
  const [what, setWhat] = useState('');
  const [by, setBy] = useState('');
  const { onSubmit, state } = useSubmit(
    () => onAdd({ text: what.trim(), dueDate: by === '' ? null : by }),
    () => {
      setWhat('');
      setBy('');
    },
  );
  return (
    <form className={styles.form} onSubmit={onSubmit}>
      <Field label={text.commitmentWhat}>
        <Input value={what} maxLength={1_000} onChange={(_event, data) => setWhat(data.value)} />
      </Field>
      <Field label={text.commitmentBy}>
        <Input type="date" value={by} onChange={(_event, data) => setBy(data.value)} />
      </Field>
      <Button
        type="submit"
        className={styles.tapTarget}
        disabled={what.trim() === '' || state.isBusy}
      >
        {text.addCommitment}
      </Button>
      <ActionFeedback state={state} />
    </form>
  );
}

function SingleTextForm({
  label,
  submit,
  isLong = false,
  onAdd,
}: {
  readonly label: string;
  readonly submit: string;
  readonly isLong?: boolean;
  readonly onAdd: (text: string) => Promise<unknown>;
}) {
  const styles = useViewStyles();
  const [value, setValue] = useState('');
  const { onSubmit, state } = useSubmit(
    () => onAdd(value.trim()),
    () => setValue(''),
  );
  return (
    <form className={styles.form} onSubmit={onSubmit}>
      <Field label={label}>
        {isLong ? (
          <Textarea
            value={value}
            maxLength={1_000}
            resize="vertical"
            onChange={(_event, data) => setValue(data.value)}
          />
        ) : (
          <Input
            value={value}
            maxLength={1_000}
            onChange={(_event, data) => setValue(data.value)}
          />
        )}
      </Field>
      <Button
        type="submit"
        className={styles.tapTarget}
        disabled={value.trim() === '' || state.isBusy}
      >
        {submit}
      </Button>
      <ActionFeedback state={state} />
    </form>
  );
}

const WHOLE_CIRCLE = '';

function AppreciationForm({
  people,
  onAdd,
}: {
  readonly people: readonly { readonly id: ParticipantId; readonly name: string }[];
  readonly onAdd: NotesAndOutputsProps['onAddAppreciation'];
}) {
  const styles = useViewStyles();
  const [to, setTo] = useState(WHOLE_CIRCLE);
  const [value, setValue] = useState('');
  const { onSubmit, state } = useSubmit(
    () => onAdd({ to: to === WHOLE_CIRCLE ? null : to, text: value.trim() }),
    () => setValue(''),
  );
  return (
    <form className={styles.form} onSubmit={onSubmit}>
      <Field label={text.appreciationTo}>
        <Select value={to} onChange={(_event, data) => setTo(data.value)}>
          <option value={WHOLE_CIRCLE}>{common.wholeCircle}</option>
          {people.map((person) => (
            <option key={person.id} value={person.id}>
              {person.name}
            </option>
          ))}
        </Select>
      </Field>
      <Field label={text.appreciationText}>
        <Input value={value} maxLength={1_000} onChange={(_event, data) => setValue(data.value)} />
      </Field>
      <Button
        type="submit"
        className={styles.tapTarget}
        disabled={value.trim() === '' || state.isBusy}
      >
        {text.addAppreciation}
      </Button>
      <ActionFeedback state={state} />
    </form>
  );
}
