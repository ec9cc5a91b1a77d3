// The configuration form's values and their checks (the api checks them again).

export interface CadenceValues {
  readonly frequency: 'weekly' | 'fortnightly';
  /** ISO weekday, 1 = Monday. */
  readonly weekday: number;
  /** HH:MM, 24-hour. */
  readonly startTime: string;
  readonly timeZone: string;
  readonly durationMinutes: number;
}

export interface CircleSettings {
  readonly name: string;
  readonly frameworkId: string;
  readonly cadence: CadenceValues;
}

export type SettingsProblem = 'name' | 'startTime' | 'duration';

export function findSettingsProblems(settings: CircleSettings): readonly SettingsProblem[] {
  const problems: SettingsProblem[] = [];
  if (settings.name.trim() === '' || settings.name.trim().length > 100) problems.push('name');
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(settings.cadence.startTime)) problems.push('startTime');
  const minutes = settings.cadence.durationMinutes;
  if (!Number.isInteger(minutes) || minutes < 5 || minutes > 240) problems.push('duration');
  return problems;
}
