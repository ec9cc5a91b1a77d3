// A few typed Adaptive Card elements, enough for the bot's cards. Cards are plain JSON in schema
// version 1.5, the highest that Teams renders on every client.

export const CARD_VERSION = '1.5';
export const CARD_SCHEMA = 'http://adaptivecards.io/schemas/adaptive-card.json';
/** Teams refuses messages over about 28 KB; the tests keep every card under it. */
export const MAX_CARD_BYTES = 28 * 1024;

export interface TextBlock {
  readonly type: 'TextBlock';
  readonly text: string;
  readonly wrap: true;
  readonly weight?: 'Bolder';
  readonly size?: 'Small' | 'Medium' | 'Large';
  readonly isSubtle?: boolean;
  readonly spacing?: 'None' | 'Small' | 'Medium';
  readonly fontType?: 'Monospace';
  readonly color?: 'Attention' | 'Good' | 'Warning';
}

export interface FactSet {
  readonly type: 'FactSet';
  readonly facts: readonly { readonly title: string; readonly value: string }[];
}

export interface Container {
  readonly type: 'Container';
  readonly items: readonly CardElement[];
  readonly separator?: boolean;
  readonly spacing?: 'Medium';
}

export type CardElement = TextBlock | FactSet | Container;

export interface OpenUrlAction {
  readonly type: 'Action.OpenUrl';
  readonly title: string;
  readonly url: string;
}

export interface AdaptiveCard {
  readonly type: 'AdaptiveCard';
  readonly $schema: typeof CARD_SCHEMA;
  readonly version: typeof CARD_VERSION;
  readonly body: readonly CardElement[];
  readonly actions?: readonly OpenUrlAction[];
  /** What clients that cannot render cards show instead. */
  readonly fallbackText: string;
}

export function text(
  value: string,
  style: Omit<TextBlock, 'type' | 'text' | 'wrap'> = {},
): TextBlock {
  return { type: 'TextBlock', text: value, wrap: true, ...style };
}

export function heading(value: string): TextBlock {
  return text(value, { weight: 'Bolder', size: 'Medium', spacing: 'Medium' });
}

export function facts(rows: readonly (readonly [string, string])[]): FactSet {
  return { type: 'FactSet', facts: rows.map(([title, value]) => ({ title, value })) };
}

export function section(title: string, items: readonly CardElement[]): Container {
  return {
    type: 'Container',
    separator: true,
    spacing: 'Medium',
    items: [heading(title), ...items],
  };
}

export function card(
  body: readonly CardElement[],
  fallbackText: string,
  actions: readonly OpenUrlAction[] = [],
): AdaptiveCard {
  return {
    type: 'AdaptiveCard',
    $schema: CARD_SCHEMA,
    version: CARD_VERSION,
    body,
    ...(actions.length > 0 ? { actions } : {}),
    fallbackText,
  };
}

/** Card text is Markdown in Teams: user-written text must not turn into formatting or links. */
export function escapeMarkdown(value: string): string {
  return value.replace(/([\\`*_[\]])/g, '\\$1');
}

/** A bar of `width` cells for a share from 0 to 1, readable in any font and by screen readers. */
export function drawBar(share: number, width = 10): string {
  const filled = Math.max(0, Math.min(width, Math.round(share * width)));
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}

export function formatMinutes(ms: number): string {
  const minutes = Math.round(Math.abs(ms) / 60_000);
  return `${minutes} min`;
}

export function formatDuration(ms: number): string {
  const totalSeconds = Math.round(Math.abs(ms) / 1000);
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = totalSeconds % 60;
  return minutes === 0 ? `${seconds} s` : `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}
