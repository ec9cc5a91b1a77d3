import type { EpochMs, ParticipantId } from '@grow-together/core';
import type {
  CircleHost,
  FrameContext,
  HostConfiguration,
  HostKind,
  SessionView,
  SpeechMarkInput,
  ThemeName,
} from '../app/panel-model.js';

// A host adapter hides where the panel runs (Teams, Zoom, a plain browser). The shell picks one
// at start-up (detect-host.ts) and from then on asks it only these questions.

export interface HostIdentity {
  /** The id the api knows this person by (Entra oid, Zoom uid, demo user id); null: ask the api. */
  readonly personId: ParticipantId | null;
  readonly displayName: string;
}

/** What the adapter may read and do while a session runs, for its automatic speaking signals. */
export interface SpeakingSignalSink {
  readonly session: () => SessionView | null;
  readonly personId: ParticipantId;
  readonly now: () => EpochMs;
  /** Records an automatic speech mark (the shell checks it may be recorded first). */
  record(mark: SpeechMarkInput): void;
}

export interface HostAdapter {
  readonly kind: HostKind;
  readonly frameContext: FrameContext;
  readonly locale: string;
  /** Which host the api files the circle under: the browser demo uses `teams`. */
  readonly circleHost: CircleHost;
  /** The circle's key (Teams chat id, Zoom meeting UUID, demo meeting); null outside a meeting. */
  readonly meetingKey: string | null;
  /** The occurrence's meeting id (Teams meeting.id, Zoom meeting UUID, demo meeting). */
  readonly meetingId: string | null;
  /** A name for a new circle (the meeting's topic where the host tells it). */
  readonly meetingTitle: string | null;
  readonly identity: HostIdentity;
  /** Credential headers for the api; `refresh` after a 401. */
  getAuthHeaders(refresh: boolean): Promise<Record<string, string>>;
  readTheme(): ThemeName;
  /** Calls back on every theme change; returns the unsubscribe. */
  onThemeChange(listener: (theme: ThemeName) => void): () => void;
  readonly canShareToStage: boolean;
  shareToStage(): Promise<void>;
  /** Teams' configuration dialog (frame context `settings`); null in every other frame and host. */
  readonly configuration: HostConfiguration | null;
  /** Starts the host's speaking signals (Teams silence, Zoom active speaker); returns the stop. */
  startSpeakingSignals(sink: SpeakingSignalSink): () => void;
}

/** The theme the operating system asks for: for Zoom and the browser, which have no theme API. */
export function readSystemTheme(win: Pick<Window, 'matchMedia'> = window): ThemeName {
  if (win.matchMedia('(forced-colors: active)').matches) return 'contrast';
  if (win.matchMedia('(prefers-contrast: more)').matches) return 'contrast';
  return win.matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

export function onSystemThemeChange(
  listener: (theme: ThemeName) => void,
  win: Pick<Window, 'matchMedia'> = window,
): () => void {
  const queries = [
    '(forced-colors: active)',
    '(prefers-contrast: more)',
    '(prefers-color-scheme: dark)',
  ].map((query) => win.matchMedia(query));
  const notify = () => listener(readSystemTheme(win));
  for (const query of queries) query.addEventListener('change', notify);
  return () => {
    for (const query of queries) query.removeEventListener('change', notify);
  };
}

/** Reads a JWT's claims without checking it (the api checks it): for the name and the oid. */
export function readJwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1];
  if (payload === undefined) return {};
  try {
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      [...atob(base64)].map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join(''),
    );
    const claims: unknown = JSON.parse(json);
    return typeof claims === 'object' && claims !== null ? (claims as Record<string, unknown>) : {};
  } catch (error) {
    console.warn('A token could not be read.', error);
    return {};
  }
}
