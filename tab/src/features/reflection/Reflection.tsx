import { Button, Checkbox, Field, Textarea } from '@fluentui/react-components';
import { useEffect, useId, useState } from 'react';
import { messages } from '../../messages/index.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { useViewStyles } from '../shared/styles.js';
import { useAction } from '../shared/use-action.js';

const text = messages.features.reflection;

export interface ReflectionDraft {
  readonly text: string;
  readonly shared: boolean;
}

export interface ReflectionProps {
  /** My reflection on this session so far, or null before I wrote one. */
  readonly reflection: ReflectionDraft | null;
  /** Whether a new reflection starts shared (my preference); false unless I chose otherwise. */
  readonly isSharedByDefault?: boolean;
  readonly onSave: (reflection: ReflectionDraft) => Promise<unknown>;
  /** Reflections others chose to share with the circle. */
  readonly sharedByOthers?: readonly {
    readonly id: string;
    readonly authorName: string;
    readonly text: string;
  }[];
}

/** A short reflection after the session: private unless I tick "share". */
export function Reflection({
  reflection,
  isSharedByDefault = false,
  onSave,
  sharedByOthers = [],
}: ReflectionProps) {
  const styles = useViewStyles();
  const headingId = useId();
  const othersId = useId();
  const [draft, setDraft] = useState(reflection?.text ?? '');
  const [isShared, setIsShared] = useState(reflection?.shared ?? isSharedByDefault);
  const [run, state] = useAction();
  useEffect(() => {
    if (reflection === null) return;
    setDraft(reflection.text);
    setIsShared(reflection.shared);
  }, [reflection]);
  const trimmed = draft.trim();
  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          if (trimmed === '') return;
          void run(() => onSave({ text: trimmed, shared: isShared }), text.saved);
        }}
      >
        <h2 id={headingId} className={styles.heading}>
          {text.heading}
        </h2>
        <p className={styles.body}>{text.prompt}</p>
        <Field label={text.text}>
          <Textarea
            value={draft}
            rows={5}
            resize="vertical"
            maxLength={5_000}
            onChange={(_event, data) => setDraft(data.value)}
          />
        </Field>
        <Checkbox
          checked={isShared}
          label={text.share}
          onChange={(_event, data) => setIsShared(data.checked === true)}
        />
        <p className={styles.caption}>{isShared ? text.sharedNote : text.privateNote}</p>
        <Button
          type="submit"
          appearance="primary"
          className={styles.tapTarget}
          disabled={trimmed === '' || state.isBusy}
        >
          {text.save}
        </Button>
        <ActionFeedback state={state} />
      </form>
      {sharedByOthers.length > 0 && (
        <div role="group" aria-labelledby={othersId} className={styles.section}>
          <h3 id={othersId} className={styles.subheading}>
            {text.othersHeading}
          </h3>
          <ul className={styles.plainList} aria-labelledby={othersId}>
            {sharedByOthers.map((item) => (
              <li key={item.id} className={styles.note}>
                {text.othersLine(item.authorName, item.text)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
