import type { Frame, Locator, Page } from 'playwright-core';
import { messages } from '../../../tab/src/messages/index.js';

// The panel's regions and controls, found the way a screen-reader user finds them: by role and
// accessible name, in a page or in a frame (the panel inside a stand-in Teams host), with the
// names taken from the panel's own messages module (so a reworded button is followed here, and a
// control that loses its name fails the tests).

export { messages };
const features = messages.features;

/** The stage card: a region named by its title (the stage), holding "Your role: …". */
export function stageCard(page: Page | Frame): Locator {
  return page.getByRole('region').filter({ has: page.getByText(/^Your role: /) });
}

export function tracker(page: Page | Frame): Locator {
  return page.getByRole('region', { name: features.tracker.region });
}

export function tally(page: Page | Frame): Locator {
  return page.getByRole('region', { name: features.tally.region });
}

/** Where the role-play question is asked: the stage card and the consent region both may. */
export function consent(page: Page | Frame): Locator {
  return page.getByRole('group', { name: features.consent.rolePlayHeading, exact: true }).first();
}

/** The summary: a region named by its heading, "Summary: <framework>". */
export function summary(page: Page | Frame): Locator {
  return page.getByRole('region', {
    name: new RegExp(`^${escapeRegex(features.summary.heading(''))}`),
  });
}

export function stageButton(
  page: Page | Frame,
  name: 'start' | 'next' | 'back' | 'pause' | 'resume' | 'endSession' | 'confirmEnd',
): Locator {
  return page
    .getByRole('group', { name: features.stageCard.controls })
    .getByRole('button', { name: features.stageCard[name], exact: true });
}

/** The heading that names the current stage. */
export function stageHeading(page: Page | Frame, stageName: string): Locator {
  return page.getByRole('heading', { level: 2, name: stageName, exact: true });
}

/** A person's tap target in the tracker: its name starts with the person's display name. */
export function speakerButton(page: Page | Frame, displayName: string): Locator {
  return tracker(page).getByRole('button', { name: new RegExp(`^${escapeRegex(displayName)}\\b`) });
}

export function silenceButton(page: Page | Frame): Locator {
  return tracker(page).getByRole('button', { name: features.tracker.silence, exact: true });
}

export function tagButton(
  page: Page | Frame,
  tag: keyof typeof features.common.languageTags,
): Locator {
  return tally(page).getByRole('button', {
    name: features.common.languageTags[tag],
    exact: true,
  });
}

/** How soon a tap must show as pressed: the next frame or so, never the next tick of a timer. */
export const PRESS_BUDGET_MS = 200;

/**
 * Presses a toggle (`press` clicks it or types its key) and measures, in the page, how long after
 * the click or key press its `aria-pressed` became "true". Timed on the page's own clock, so the
 * test's round trips to the browser are not counted. The toggle must not be pressed already.
 */
export async function timePress(toggle: Locator, press: () => Promise<void>): Promise<number> {
  await toggle.evaluate((node: unknown) => {
    // The page's DOM, typed here by hand: the tests compile without the DOM library.
    const element = node as { getAttribute(name: string): string | null; textContent: string };
    const page = globalThis as unknown as {
      pressProbe: { inputAtMs: number | null; pressedAtMs: number | null };
      addEventListener(type: string, listener: () => void, options: object): void;
      MutationObserver: new (callback: () => void) => {
        observe(target: unknown, options: object): void;
        disconnect(): void;
      };
    };
    if (element.getAttribute('aria-pressed') === 'true') {
      throw new Error(`${element.textContent} is pressed already.`);
    }
    const probe: { inputAtMs: number | null; pressedAtMs: number | null } = {
      inputAtMs: null,
      pressedAtMs: null,
    };
    page.pressProbe = probe;
    const onInput = () => {
      probe.inputAtMs ??= performance.now();
    };
    // Capture on the window: before the page's own handlers see the event.
    page.addEventListener('click', onInput, { capture: true, once: true });
    page.addEventListener('keydown', onInput, { capture: true, once: true });
    const observer = new page.MutationObserver(() => {
      if (element.getAttribute('aria-pressed') !== 'true') return;
      probe.pressedAtMs = performance.now();
      observer.disconnect();
    });
    observer.observe(element, { attributes: true, attributeFilter: ['aria-pressed'] });
  });
  await press();
  const handle = await toggle.page().waitForFunction(
    () => {
      const probe = (
        globalThis as unknown as {
          pressProbe: { inputAtMs: number | null; pressedAtMs: number | null };
        }
      ).pressProbe;
      return probe.inputAtMs !== null && probe.pressedAtMs !== null
        ? probe.pressedAtMs - probe.inputAtMs
        : null;
    },
    undefined,
    { timeout: 5_000 },
  );
  return (await handle.jsonValue()) as number;
}

export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export interface SummaryRow {
  readonly person: string;
  readonly share: string;
  readonly turns: string;
}

/** The summary's airtime table, row by row, read from the page. */
export async function readSummaryAirtime(page: Page | Frame): Promise<SummaryRow[]> {
  const table = summary(page)
    .getByRole('table')
    .filter({
      has: page.getByRole('columnheader', { name: features.summary.share, exact: true }),
    });
  const headers = (await table.getByRole('columnheader').allInnerTexts()).map((t) => t.trim());
  const column = (name: string): number => {
    const index = headers.indexOf(name);
    if (index < 0) throw new Error(`The airtime table has no "${name}" column: ${headers}`);
    return index;
  };
  const [personColumn, shareColumn, turnsColumn] = [
    column(features.summary.person),
    column(features.summary.share),
    column(features.summary.turns),
  ];
  const rows: SummaryRow[] = [];
  for (const row of await table.getByRole('row').all()) {
    const cells = (await row.getByRole('cell').allInnerTexts()).map((t) => t.trim());
    const header = (await row.getByRole('rowheader').allInnerTexts()).map((t) => t.trim());
    const all = [...header, ...cells];
    if (all.length < headers.length) continue;
    rows.push({
      person: all[personColumn] ?? '',
      share: all[shareColumn] ?? '',
      turns: all[turnsColumn] ?? '',
    });
  }
  return rows;
}
