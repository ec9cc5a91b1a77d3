import {
  Button,
  Field,
  Input,
  makeStyles,
  Radio,
  RadioGroup,
  Select,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useId, useState } from 'react';
import type { Framework } from '@grow-together/core';
import { messages } from '../../messages/index.js';
import { ActionFeedback } from '../shared/ActionFeedback.js';
import { useViewStyles } from '../shared/styles.js';
import { useAction } from '../shared/use-action.js';
import { findSettingsProblems, type CircleSettings } from './configuration-model.js';

const text = messages.features.config;

const useStyles = makeStyles({
  radio: { alignItems: 'flex-start', minHeight: '44px' },
  radioLabel: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXXS },
});

export interface ConfigurationPageProps {
  readonly frameworks: readonly Framework[];
  /** The settings of the circle this meeting is linked to, or the defaults for a new one. */
  readonly initial: CircleSettings;
  /** The meeting already has a circle: saving changes it rather than creating one. */
  readonly linkedCircleName: string | null;
  readonly onSave: (settings: CircleSettings) => Promise<unknown>;
  /** Teams' configuration dialog enables its Save button only while the form is valid. */
  readonly onValidityChange?: (isValid: boolean) => void;
  /** The form as it would be saved now (name trimmed), or null while it is not valid. */
  readonly onDraftChange?: (draft: CircleSettings | null) => void;
}

/** Shown when the app is added to a meeting: the framework and cadence, then create or link the circle. */
export function ConfigurationPage({
  frameworks,
  initial,
  linkedCircleName,
  onSave,
  onValidityChange,
  onDraftChange,
}: ConfigurationPageProps) {
  const styles = useViewStyles();
  const own = useStyles();
  const headingId = useId();
  const [settings, setSettings] = useState(initial);
  const [run, state] = useAction();
  const problems = findSettingsProblems(settings);
  const isValid = problems.length === 0;
  useEffect(() => {
    onValidityChange?.(isValid);
  }, [isValid, onValidityChange]);
  useEffect(() => {
    onDraftChange?.(isValid ? { ...settings, name: settings.name.trim() } : null);
  }, [isValid, settings, onDraftChange]);
  const cadence = settings.cadence;
  const setCadence = (change: Partial<CircleSettings['cadence']>) =>
    setSettings((current) => ({ ...current, cadence: { ...current.cadence, ...change } }));
  const isLinked = linkedCircleName !== null;

  return (
    <section className={styles.view} aria-labelledby={headingId}>
      <h1 id={headingId} className={styles.heading}>
        {text.heading}
      </h1>
      {isLinked && <p className={styles.note}>{text.linked(linkedCircleName)}</p>}
      <form
        className={styles.form}
        onSubmit={(event) => {
          event.preventDefault();
          if (!isValid) return;
          void run(
            () => onSave({ ...settings, name: settings.name.trim() }),
            isLinked ? text.updated : text.created,
          );
        }}
      >
        <Field
          label={text.name}
          required
          validationMessage={problems.includes('name') ? text.invalidName : null}
        >
          <Input
            value={settings.name}
            maxLength={100}
            onChange={(_event, data) =>
              setSettings((current) => ({ ...current, name: data.value }))
            }
          />
        </Field>
        <Field label={text.framework}>
          <RadioGroup
            value={settings.frameworkId}
            onChange={(_event, data) =>
              setSettings((current) => ({ ...current, frameworkId: data.value }))
            }
          >
            {frameworks.map((framework) => (
              <Radio
                key={framework.id}
                value={framework.id}
                className={own.radio}
                aria-label={framework.name}
                label={
                  <span className={own.radioLabel}>
                    <span>{framework.name}</span>
                    <span className={styles.caption}>
                      {framework.summary}{' '}
                      {text.frameworkPeople(framework.minPeople, framework.maxPeople)}
                    </span>
                  </span>
                }
              />
            ))}
          </RadioGroup>
        </Field>
        <h2 className={styles.subheading}>{text.cadence}</h2>
        <Field label={text.frequency}>
          <Select
            value={cadence.frequency}
            onChange={(_event, data) =>
              setCadence({ frequency: data.value === 'fortnightly' ? 'fortnightly' : 'weekly' })
            }
          >
            <option value="weekly">{text.weekly}</option>
            <option value="fortnightly">{text.fortnightly}</option>
          </Select>
        </Field>
        <Field label={text.weekday}>
          <Select
            value={String(cadence.weekday)}
            onChange={(_event, data) => setCadence({ weekday: Number(data.value) })}
          >
            {text.weekdays.map((day, index) => (
              <option key={day} value={index + 1}>
                {day}
              </option>
            ))}
          </Select>
        </Field>
        <Field
          label={text.startTime}
          validationMessage={problems.includes('startTime') ? text.invalidTime : null}
        >
          <Input
            type="time"
            value={cadence.startTime}
            onChange={(_event, data) => setCadence({ startTime: data.value })}
          />
        </Field>
        <Field
          label={text.duration}
          validationMessage={problems.includes('duration') ? text.invalidDuration : null}
        >
          <Input
            type="number"
            min={5}
            max={240}
            value={String(cadence.durationMinutes)}
            onChange={(_event, data) => setCadence({ durationMinutes: Number(data.value) })}
          />
        </Field>
        <Field label={text.timeZone}>
          <Input
            value={cadence.timeZone}
            maxLength={64}
            onChange={(_event, data) => setCadence({ timeZone: data.value })}
          />
        </Field>
        <Button
          type="submit"
          appearance="primary"
          className={styles.tapTarget}
          disabled={!isValid || state.isBusy}
        >
          {isLinked ? text.save : text.create}
        </Button>
        <ActionFeedback state={state} />
      </form>
    </section>
  );
}
