import { createRequire } from 'node:module';
import { Window } from 'happy-dom';
import { expect } from 'vitest';
import { MAX_CARD_BYTES } from '@grow-together/bot';

// Every card the bot sends goes through the `adaptivecards` library: it must parse with no errors
// or warnings as version 1.5, stay under Teams' size limit, and render to text in a DOM (happy-dom),
// so a test can read what a person would see.

interface SerializationEvent {
  readonly message: string;
}

interface MarkdownResult {
  didProcess: boolean;
  outputHtml?: string;
}

interface AdaptiveCardsModule {
  AdaptiveCard: {
    onProcessMarkdown?: (text: string, result: MarkdownResult) => void;
  } & (new () => {
    parse(json: unknown, context: unknown): void;
    version?: { toString(): string };
    validateProperties(): { validationEvents: readonly SerializationEvent[] };
    render(): RenderedNode | undefined;
  });
  SerializationContext: new () => {
    readonly eventCount: number;
    getEventAt(index: number): SerializationEvent;
  };
}

interface RenderedNode {
  readonly nodeType: number;
  readonly textContent: string | null;
  readonly childNodes: ArrayLike<RenderedNode>;
}

const TEXT_NODE = 3;

/** The card's words as a reader meets them: each piece of text apart from the next. */
function readText(node: RenderedNode): string[] {
  if (node.nodeType === TEXT_NODE) return [node.textContent ?? ''];
  return Array.from(node.childNodes).flatMap(readText);
}

let loaded: AdaptiveCardsModule | null = null;

/** adaptivecards ships its lib/ as extensionless ES modules: Node loads only the UMD bundle. */
function loadAdaptiveCards(): AdaptiveCardsModule {
  if (loaded !== null) return loaded;
  const window = new Window();
  const globals = globalThis as Record<string, unknown>;
  globals['window'] ??= window;
  for (const name of Object.getOwnPropertyNames(window)) {
    const isDomName = /^(HTML|SVG|Element|Node|Text|Document|CharacterData)/.test(name);
    if ((isDomName || name === 'document' || name === 'getComputedStyle') && !(name in globals)) {
      globals[name] = (window as unknown as Record<string, unknown>)[name];
    }
  }
  const require = createRequire(import.meta.url);
  loaded = require('adaptivecards/dist/adaptivecards.js') as AdaptiveCardsModule;
  loaded.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = renderMarkdownSubset(text);
    result.didProcess = true;
  };
  return loaded;
}

/**
 * The part of Markdown Teams renders in a TextBlock (bold, bullet lines, backslash escapes), so the
 * rendered text reads as a person sees it: no stray asterisks, user text shown as written.
 */
function renderMarkdownSubset(markdown: string): string {
  const escapeHtml = (value: string) =>
    value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const literals: string[] = [];
  const lines = markdown.split('\n').map((line) => {
    const protectedLine = line.replace(/\\([\\`*_[\]])/g, (_, char: string) => {
      literals.push(char);
      return `\uE000${literals.length - 1}\uE001`;
    });
    const html = escapeHtml(protectedLine).replace(/\*\*(.+?)\*\*/g, '<strong>$1</strong>');
    return html.startsWith('- ') ? `<li>${html.slice(2)}</li>` : `<p>${html}</p>`;
  });
  return lines
    .join('')
    .replace(/\uE000(\d+)\uE001/g, (_, index: string) => escapeHtml(literals[Number(index)] ?? ''));
}

/** Checks a card and returns its rendered text. */
export function checkCard(card: unknown): string {
  const json = JSON.stringify(card);
  expect(Buffer.byteLength(json), 'card size in bytes').toBeLessThanOrEqual(MAX_CARD_BYTES);
  const AC = loadAdaptiveCards();
  const parsed = new AC.AdaptiveCard();
  const context = new AC.SerializationContext();
  parsed.parse(JSON.parse(json), context);
  const events = Array.from(
    { length: context.eventCount },
    (_, i) => context.getEventAt(i).message,
  );
  expect(events, 'parse errors and warnings').toEqual([]);
  expect(parsed.version?.toString()).toBe('1.5');
  expect((card as { version?: string }).version).toBe('1.5');
  expect(parsed.validateProperties().validationEvents.map((e) => e.message)).toEqual([]);
  const rendered = parsed.render();
  expect(rendered, 'rendered card').toBeDefined();
  return (rendered === undefined ? [] : readText(rendered)).join(' ').replace(/\s+/g, ' ').trim();
}

/** The Adaptive Card of a sent activity, or undefined when it carried none. */
export function readCard(activity: {
  readonly attachments?: readonly { contentType: string; content: unknown }[];
}): unknown {
  return activity.attachments?.find(
    (attachment) => attachment.contentType === 'application/vnd.microsoft.card.adaptive',
  )?.content;
}
