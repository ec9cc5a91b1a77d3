import { readFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { ROOT } from './tab-build.js';

// Opening panels as people, taking screenshots and checking accessibility. A panel is a browser
// context of its own (own storage, own IndexedDB, own network), 320 × 720 like a Teams side panel.

export const PANEL_VIEWPORT = { width: 320, height: 720 } as const;
export const SCREENSHOT_DIR = path.join(ROOT, 'tests', 'artifacts', 'screenshots');

export type PanelTheme = 'light' | 'dark' | 'contrast';

export interface PanelAddress {
  /** A demo user id, e.g. demo-ana. */
  readonly user: string;
  /** A demo meeting, e.g. demo-1 (a fresh one per test keeps tests apart). */
  readonly meeting: string;
  /** Which page: the side panel unless told (see tab/README.md). */
  readonly view?: string;
  readonly theme?: PanelTheme;
}

/** The panel's URL in a plain browser (tab/README.md): the query skips the demo picker. */
export function formatPanelUrl(serverUrl: string, address: PanelAddress): string {
  const url = new URL('/', serverUrl);
  if (address.view !== undefined) url.searchParams.set('view', address.view);
  url.searchParams.set('user', address.user);
  url.searchParams.set('meeting', address.meeting);
  if (address.theme !== undefined) url.searchParams.set('theme', address.theme);
  return url.href;
}

export interface OpenPanel {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Browser errors seen so far (uncaught exceptions and console errors), for failure messages. */
  readonly errors: string[];
}

export async function openPanel(browser: Browser, url: string): Promise<OpenPanel> {
  const context = await browser.newContext({ viewport: PANEL_VIEWPORT, ignoreHTTPSErrors: true });
  const page = await context.newPage();
  const errors = watchErrors(page);
  await page.goto(url);
  return { context, page, errors };
}

export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** Goes offline or back online: every request of this person fails while offline. */
export function setOnline(panel: Pick<OpenPanel, 'context'>, isOnline: boolean): Promise<void> {
  return panel.context.setOffline(!isOnline);
}

/** A 320 × 720 screenshot of what the panel shows now, saved as tests/artifacts/screenshots/<name>.png. */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  const viewport = page.viewportSize();
  if (viewport?.width !== PANEL_VIEWPORT.width || viewport.height !== PANEL_VIEWPORT.height) {
    throw new Error(`Screenshots are 320 × 720; this page is ${JSON.stringify(viewport)}.`);
  }
  await page.screenshot({ path: file, fullPage: false, animations: 'disabled' });
  return file;
}

export interface AxeViolation {
  readonly id: string;
  readonly impact: string | null;
  readonly help: string;
  readonly targets: readonly string[];
}

const axeSource = readFileSync(path.join(ROOT, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');

/**
 * Rules whose violations fail a test whatever their impact: axe rates a page without a level-one
 * heading "moderate", but a screen-reader user jumps to it first.
 */
export const REQUIRED_AXE_RULES: readonly string[] = ['page-has-heading-one'];

/**
 * Runs axe-core in the page (or frame) and returns the serious and critical violations, and those
 * of REQUIRED_AXE_RULES. The source is evaluated through the DevTools protocol, which the panel's
 * CSP (script-src 'self') does not govern, so the page's own policy stays as it is served.
 */
export async function findSeriousAxeViolations(target: Page | Frame): Promise<AxeViolation[]> {
  const hasAxe = await target.evaluate(() => 'axe' in globalThis);
  if (!hasAxe) await target.evaluate(axeSource);
  return target.evaluate(async (required) => {
    const axe = (globalThis as unknown as { axe: AxeApi }).axe;
    const result = await axe.run({ resultTypes: ['violations'] });
    return result.violations
      .filter(
        (violation) =>
          violation.impact === 'serious' ||
          violation.impact === 'critical' ||
          required.includes(violation.id),
      )
      .map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.map((node) => node.target.join(' ')),
      }));
  }, REQUIRED_AXE_RULES);
}

/** A readable list for a failure message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations
    .map((v) => `${v.impact} ${v.id}: ${v.help}\n    at ${v.targets.slice(0, 5).join('\n    at ')}`)
    .join('\n');
}

interface AxeApi {
  run(options: { resultTypes: string[] }): Promise<{
    violations: {
      id: string;
      impact: string | null;
      help: string;
      nodes: { target: string[] }[];
    }[];
  }>;
}
