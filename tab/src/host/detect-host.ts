import type { ThemeName } from '../app/panel-model.js';

// Which host the panel runs in, decided once at start-up from what can be seen without waiting:
// - `?host=teams|zoom|browser` in the URL decides (the app package and the tests set it);
// - Zoom's embedded browser says `ZoomApps` in its user agent;
// - inside a frame (or Teams' mobile bridge) it may be Teams: try teams-js with a short timeout,
//   since outside Teams it would wait 60 s (PLATFORM.md);
// - a top-level page is a plain browser.

export type HostGuess = 'teams' | 'zoom' | 'browser';

export interface StartupParams {
  readonly host: HostGuess | null;
  readonly user: string | null;
  readonly meeting: string | null;
  readonly theme: ThemeName | null;
  readonly framework: string | null;
}

export function readStartupParams(search: string): StartupParams {
  const params = new URLSearchParams(search);
  const oneOf = <T extends string>(name: string, allowed: readonly T[]): T | null => {
    const value = params.get(name);
    return value !== null && (allowed as readonly string[]).includes(value) ? (value as T) : null;
  };
  const text = (name: string) => {
    const value = params.get(name)?.trim();
    return value === undefined || value === '' ? null : value;
  };
  return {
    host: oneOf('host', ['teams', 'zoom', 'browser']),
    user: text('user'),
    meeting: text('meeting'),
    theme: oneOf('theme', ['light', 'dark', 'contrast']),
    framework: text('framework'),
  };
}

export interface HostEnvironment {
  readonly userAgent: string;
  readonly isFramed: boolean;
  /** Teams' mobile clients talk through a native bridge instead of a parent frame. */
  readonly hasNativeBridge: boolean;
}

export function readHostEnvironment(win: Window = window): HostEnvironment {
  let isFramed: boolean;
  try {
    isFramed = win.self !== win.top;
  } catch {
    // Reading `top` across origins throws: that in itself says the page is framed.
    isFramed = true;
  }
  return {
    userAgent: win.navigator.userAgent,
    isFramed,
    hasNativeBridge: 'nativeInterface' in win,
  };
}

/** The hosts to try, in order; the browser is always the last resort. */
export function guessHosts(params: StartupParams, env: HostEnvironment): HostGuess[] {
  if (params.host !== null)
    return params.host === 'browser' ? ['browser'] : [params.host, 'browser'];
  if (/\bZoomApps\b/.test(env.userAgent)) return ['zoom', 'browser'];
  if (env.isFramed || env.hasNativeBridge) return ['teams', 'browser'];
  return ['browser'];
}
