import { chromium, type Browser, type BrowserContext } from 'playwright-core';

// Debian's Chromium driven by playwright-core, with the flags shared/PLATFORM.md found to work
// headless on the development machines and in CI. Playwright gives every launch a fresh
// user-data dir of its own (and removes it on close), so one run's IndexedDB, cache or service
// state never leaks into the next; each `browser.newContext()` is then a separate person.

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * The features playwright-core 1.65 turns off with its own `--disable-features`, less
 * `ThirdPartyStoragePartitioning` (microsoft/playwright#32230). Shipping Chromium, Edge and
 * Teams' WebView2 partition a cross-site frame's storage; with partitioning off, Chromium refuses
 * such a frame any storage ("The user denied permission to access the database"), so the panel
 * inside the stand-in Teams host had no IndexedDB. Chromium keeps only the last
 * `--disable-features` on its command line, so this restates Playwright's list without it; check
 * it when playwright-core is upgraded (the Teams e2e test fails if the frame loses its storage).
 */
const PLAYWRIGHT_DISABLED_FEATURES_BUT_PARTITIONING = [
  'AvoidUnnecessaryBeforeUnloadCheckSync',
  'DestroyProfileOnBrowserClose',
  'HttpsUpgrades',
  'HttpsFirstBalancedModeAutoEnable',
  'LensOverlay',
  'MediaRouter',
  'PaintHolding',
  'AvoidCorsURLLoaderRestartOnRedirect',
  'TcpPortRandomizationWin',
  'OptimizationHints',
  'NetworkTimeServiceQuerying',
  'AimEnabled',
  'PreconnectToSearch',
  'msForceBrowserSignIn',
  'msEdgeUpdateLaunchServicesPreferredVersion',
];

export interface LaunchBrowserOptions {
  /** More Chromium switches, e.g. `--host-resolver-rules=…` for a stand-in host name. */
  readonly extraArgs?: readonly string[];
  /**
   * Partition a cross-site frame's storage as shipping browsers do (default). `false` keeps
   * Playwright's default, under which such a frame gets no storage at all.
   */
  readonly partitionThirdPartyStorage?: boolean;
}

export function launchBrowser(options: LaunchBrowserOptions = {}): Promise<Browser> {
  const partitioning =
    options.partitionThirdPartyStorage === false
      ? []
      : [`--disable-features=${PLAYWRIGHT_DISABLED_FEATURES_BUT_PARTITIONING.join(',')}`];
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...partitioning, ...(options.extraArgs ?? [])],
    timeout: 30_000,
  });
}

/** Closes contexts without letting one failure hide the others. */
export async function closeContexts(contexts: readonly BrowserContext[]): Promise<void> {
  const results = await Promise.allSettled(contexts.map((context) => context.close()));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed?.status === 'rejected') throw failed.reason;
}
