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
 * hands it to the shell (`adoptCircle`), which joins it.
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
  return (
    <ConfigurationPage
      key={circle?.id ?? 'new'}
      frameworks={[...BUILT_IN_FRAMEWORKS, ...(circle?.customFrameworks ?? [])]}
      initial={settingsOf(circle, timeZone)}
      linkedCircleName={circle?.name ?? null}
      {...(onValidityChange === undefined ? {} : { onValidityChange })}
      onSave={async ({ name, frameworkId, cadence }) => {
        if (circle !== null) {
          panel.adoptCircle(
            await panel.api.circles.update(circle.id, { name, frameworkId, cadence }),
          );
          return;
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
      }}
    />
  );
}
