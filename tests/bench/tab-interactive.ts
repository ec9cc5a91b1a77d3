import type { Browser } from 'playwright-core';
import { computePercentile } from './support/stats.js';

// Time to interactive in headless Chromium, measured the same way for the panel and for the bare
// page: from the start of navigation until the page's first control is on screen and enabled
// and the main thread has been free of long tasks (> 50 ms) for QUIET_MS since. Every load is
// cold (a fresh browser context: no HTTP cache, no storage).

const QUIET_MS = 500;
const LOAD_TIMEOUT_MS = 30_000;

export interface InteractiveTimes {
  readonly samplesMs: readonly number[];
  readonly medianMs: number;
  /** Paths of the scripts the page loaded before it was interactive (the last run's). */
  readonly loadedScripts: readonly string[];
}

/**
 * The script every measured page runs first: long tasks and the moment `selector` shows up. A
 * string, not a function: tsx (esbuild) wraps named functions in a helper the page does not have.
 */
function formatReadinessProbe(selector: string): string {
  return `(() => {
  const probe = { longTaskEndsMs: [], readyAtMs: null };
  window.__interactive = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) probe.longTaskEndsMs.push(entry.startTime + entry.duration);
  }).observe({ type: 'longtask', buffered: true });
  const check = () => {
    if (probe.readyAtMs !== null) return;
    const element = document.querySelector(${JSON.stringify(selector)});
    if (element !== null && element.getClientRects().length > 0) probe.readyAtMs = performance.now();
  };
  new MutationObserver(check).observe(document, { subtree: true, childList: true, attributes: true });
})();`;
}

export async function measureTimeToInteractive(
  browser: Browser,
  url: string,
  readySelector: string,
  runs: number,
): Promise<InteractiveTimes> {
  const samplesMs: number[] = [];
  let loadedScripts: readonly string[] = [];
  for (let run = 0; run < runs; run += 1) {
    const load = await loadOnce(browser, url, readySelector);
    samplesMs.push(load.interactiveMs);
    loadedScripts = load.scripts;
  }
  return { samplesMs, medianMs: computePercentile(samplesMs, 50), loadedScripts };
}

async function loadOnce(
  browser: Browser,
  url: string,
  readySelector: string,
): Promise<{ interactiveMs: number; scripts: string[] }> {
  const context = await browser.newContext({ viewport: { width: 320, height: 720 } });
  const scripts: string[] = [];
  context.on('request', (request) => {
    if (request.resourceType() === 'script') scripts.push(new URL(request.url()).pathname);
  });
  try {
    await context.addInitScript(formatReadinessProbe(readySelector));
    const page = await context.newPage();
    await page.goto(url);
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { __interactive: { readyAtMs: number | null } }).__interactive
          .readyAtMs !== null,
      undefined,
      { timeout: LOAD_TIMEOUT_MS },
    );
    // No named functions inside: tsx would wrap them in a helper the page does not have.
    const interactiveMs = await page.evaluate(async (quietMs) => {
      const probe = (
        globalThis as unknown as {
          __interactive: { longTaskEndsMs: number[]; readyAtMs: number };
        }
      ).__interactive;
      while (performance.now() - Math.max(probe.readyAtMs, ...probe.longTaskEndsMs) < quietMs) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return Math.max(probe.readyAtMs, ...probe.longTaskEndsMs);
    }, QUIET_MS);
    return { interactiveMs, scripts: [...scripts] };
  } finally {
    await context.close();
  }
}
