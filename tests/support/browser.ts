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

export interface LaunchBrowserOptions {
  /** More Chromium switches, e.g. `--host-resolver-rules=…` for a stand-in host name. */
  readonly extraArgs?: readonly string[];
}

export function launchBrowser(options: LaunchBrowserOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...(options.extraArgs ?? [])],
    timeout: 30_000,
  });
}

/** Closes contexts without letting one failure hide the others. */
export async function closeContexts(contexts: readonly BrowserContext[]): Promise<void> {
  const results = await Promise.allSettled(contexts.map((context) => context.close()));
  const failed = results.find((result) => result.status === 'rejected');
  if (failed?.status === 'rejected') throw failed.reason;
}
