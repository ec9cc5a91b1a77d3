import { useCallback, useEffect, useRef } from 'react';
import { BUILT_IN_FRAMEWORKS } from '@grow-together/core';
import { usePanel, type CircleView } from '../../app/panel-model.js';
import { messages } from '../../messages/index.js';
import type { CadenceValues, CircleSettings } from './configuration-model.js';
import { ConfigurationPage } from './ConfigurationPage.js';

const DEFAULT_FRAMEWORK_ID = 'grow-for-equals';

function readTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

function defaultCadence(timeZone: string): CadenceValues {
  return { frequency: 'weekly', weekday: 2, startTime: '09:30', timeZone, durationMinutes: 30 };
}

function settingsOf(circle: CircleView | null, timeZone: string): CircleSettings {
  if (circle === null) {
    return { name: '', frameworkId: DEFAULT_FRAMEWORK_ID, cadence: defaultCadence(timeZone) };
  }
  return {
    name: circle.name,
    frameworkId: circle.frameworkId,
    cadence: circle.cadence ?? defaultCadence(timeZone),
  };
}

/**
 * The configuration page: creates the meeting's circle, or changes the one it is linked to, and
 * hands it to the shell (`adoptCircle`), which joins it. Inside a host dialog with its own Save
 * button (Teams), that button is enabled while the form is valid and saves the form first.
 */
export function ConfigurationContainer({
  onValidityChange,
}: {
  readonly onValidityChange?: (isValid: boolean) => void;
}) {
  const panel = usePanel();
  const timeZone = readTimeZone();
  const circle = panel.circle;
  const meetingKey = panel.host.meetingKey;
  const dialog = panel.host.configuration;

  const saveSettings = async ({
    name,
    frameworkId,
    cadence,
  }: CircleSettings): Promise<CircleView> => {
    if (circle !== null) {
      const updated = await panel.api.circles.update(circle.id, { name, frameworkId, cadence });
      panel.adoptCircle(updated);
      return updated;
    }
    if (meetingKey === null) throw new Error(messages.features.config.notInMeeting);
    const created = await panel.api.circles.create({
      host: panel.host.circleHost,
      meetingKey,
      name,
      frameworkId,
      cadence,
      timeZone: cadence.timeZone,
    });
    panel.adoptCircle(created.circle);
    return created.circle;
  };
  // The dialog's Save outlives renders: it reads the latest form and the latest circle.
  const latest = useRef({ saveSettings, draft: null as CircleSettings | null });
  latest.current.saveSettings = saveSettings;
  const onDraftChange = useCallback((draft: CircleSettings | null) => {
    latest.current.draft = draft;
  }, []);
  useEffect(
    () =>
      dialog?.onSave(async () => {
        const draft = latest.current.draft;
        if (draft === null) throw new Error(messages.features.config.fixBeforeSaving);
        const saved = await latest.current.saveSettings(draft);
        return { displayName: saved.name };
      }),
    [dialog],
  );
  const reportValidity = useCallback(
    (isValid: boolean) => {
      onValidityChange?.(isValid);
      dialog?.setValid(isValid);
    },
    [dialog, onValidityChange],
  );

  return (
    <ConfigurationPage
      key={circle?.id ?? 'new'}
      frameworks={[...BUILT_IN_FRAMEWORKS, ...(circle?.customFrameworks ?? [])]}
      initial={settingsOf(circle, timeZone)}
      linkedCircleName={circle?.name ?? null}
      onValidityChange={reportValidity}
      onDraftChange={onDraftChange}
      onSave={saveSettings}
    />
  );
}
