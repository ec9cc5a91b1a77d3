// `npm run bench:tab`: what the side panel costs a person opening it, measured in one run:
//   1. the gzip size of the JavaScript the first view needs (target ≤ 250 KB; lazy views excluded);
//   2. time to interactive in headless Chromium, cold, for the panel and for a bare
//      Vite + React + Fluent page generated and built in this same run, and their ratio.
// Figures only: they depend on the machine, so no unit test asserts them, and a missed target is
// printed, not failed. The run fails only when the bench itself cannot run.
import { performance } from 'node:perf_hooks';
import { launchBrowser } from '../support/browser.js';
import { startE2eServer } from '../e2e/support/server.js';
import { formatPanelUrl } from '../e2e/support/panel.js';
import { formatVerdict } from './support/stats.js';
import { buildBarePage } from './tab-bare-page.js';
import { formatKb, measureFiles, measureInitialJs } from './tab-initial-js.js';
import { measureTimeToInteractive } from './tab-interactive.js';
import { serveStatic } from './tab-static-server.js';

const INITIAL_JS_TARGET_BYTES = 250 * 1024;
const RUNS = 7;
/** The first enabled control of a page: the panel's first view and the bare page's button. */
const READY_SELECTOR = 'main button:not([disabled])';

async function main(): Promise<void> {
  const startedAtMs = performance.now();
  console.log('Tab bench: the production build, headless Chromium, loopback only\n');

  const server = await startE2eServer();
  const bare = await buildBarePage();
  const bareServer = await serveStatic(bare.distDir);
  const browser = await launchBrowser();
  try {
    const panelJs = await measureInitialJs(server.app.config.tabDir ?? '');
    const bareJs = await measureInitialJs(bare.distDir);
    console.log('Initial JavaScript (gzip, level 9)');
    console.log(
      `  panel  ${formatKb(panelJs.gzipBytes)} in ${panelJs.files.length} files (${formatKb(panelJs.rawBytes)} raw)`,
    );
    for (const file of panelJs.files) console.log(`           ${file}`);
    console.log(
      `  bare   ${formatKb(bareJs.gzipBytes)} in ${bareJs.files.length} files (${formatKb(bareJs.rawBytes)} raw)\n`,
    );

    // The panel opens a demo meeting as a demo user; the first load makes the circle, so it is a
    // warm-up and the measured loads open an existing meeting, as everyone but the first does.
    const panelUrl = formatPanelUrl(server.url, { user: 'demo-ana', meeting: 'bench-meeting' });
    await measureTimeToInteractive(browser, panelUrl, READY_SELECTOR, 1);
    await measureTimeToInteractive(browser, bareServer.url, READY_SELECTOR, 1);
    const panelTimes = await measureTimeToInteractive(browser, panelUrl, READY_SELECTOR, RUNS);
    const bareTimes = await measureTimeToInteractive(browser, bareServer.url, READY_SELECTOR, RUNS);
    const ratio = panelTimes.medianMs / bareTimes.medianMs;
    const format = (ms: readonly number[]) => ms.map((v) => v.toFixed(0)).join(', ');
    // What the first view really fetched before it was interactive: the entry's static graph
    // plus the lazy chunks the side panel's first paint needed.
    const tabDir = server.app.config.tabDir ?? '';
    const firstViewJs = await measureFiles(tabDir, panelTimes.loadedScripts);
    console.log('JavaScript the first view loaded before it was interactive (gzip)');
    console.log(`  panel  ${formatKb(firstViewJs.gzipBytes)} in ${firstViewJs.files.length} files`);
    for (const file of firstViewJs.files) console.log(`           ${file}`);
    console.log('');
    console.log(`Time to interactive (cold, median of ${RUNS})`);
    console.log(`  panel  ${panelTimes.medianMs.toFixed(0)} ms  [${format(panelTimes.samplesMs)}]`);
    console.log(`  bare   ${bareTimes.medianMs.toFixed(0)} ms  [${format(bareTimes.samplesMs)}]\n`);

    console.log('Summary');
    console.log(
      `  1. initial JS   ${formatKb(panelJs.gzipBytes)} gzip (target ≤ ${formatKb(INITIAL_JS_TARGET_BYTES)}), ` +
        `${(panelJs.gzipBytes / bareJs.gzipBytes).toFixed(2)}× the bare page: ` +
        formatVerdict(panelJs.gzipBytes <= INITIAL_JS_TARGET_BYTES),
    );
    console.log(
      `     first view ${formatKb(firstViewJs.gzipBytes)} gzip with the chunks it loads lazily: ` +
        formatVerdict(firstViewJs.gzipBytes <= INITIAL_JS_TARGET_BYTES),
    );
    console.log(
      `  2. interactive  ${panelTimes.medianMs.toFixed(0)} ms vs bare ${bareTimes.medianMs.toFixed(0)} ms: ` +
        `ratio ${ratio.toFixed(2)}`,
    );
    console.log(`  (${((performance.now() - startedAtMs) / 1_000).toFixed(0)} s)`);
  } finally {
    await browser.close();
    await bareServer.close();
    await bare.remove();
    await server.close();
  }
}

await main();
