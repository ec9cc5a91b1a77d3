// A person's own documents, in the `people` container under their own partition
// (`personId` = tenant:user, see auth/caller.ts formatPersonKey). No circle query can reach this
// partition, which is why private feedback is written here, under its recipient, and nowhere else.
//
// Stored ids: `preferences`, `circle:<circleId>`, `reflection:<id>`, `feedback:<id>`,
// `sent-feedback:<id>`. Client-made ids are prefixed so they cannot collide across kinds.

export const PREFERENCES_DOCUMENT_ID = 'preferences';

export type RolePlayConsent = 'ask-every-time' | 'ask-once-per-session';

export interface OptOuts {
  /** Left out of every airtime and language metric, and shown as opted out. */
  readonly airtimeAndLanguage: boolean;
  /** Their lines in an uploaded transcript are not analysed. */
  readonly transcriptAnalysis: boolean;
  /** The bot sends them no nudges between sessions. */
  readonly nudges: boolean;
}

export interface PersonalConsentDefaults {
  /** The stricter of this and the circle's default applies. */
  readonly rolePlay: RolePlayConsent;
  /** Whether a new reflection is shared with the circle when the request does not say. */
  readonly shareReflections: boolean;
}

export interface Preferences {
  /** null: the name the sign-in gives. */
  readonly displayName: string | null;
  /** IANA time zone; null: not set yet. */
  readonly timeZone: string | null;
  readonly pronouns: string | null;
  readonly optOuts: OptOuts;
  readonly consentDefaults: PersonalConsentDefaults;
  /** null while the person has never saved preferences. */
  readonly updatedAtMs: number | null;
}

export const DEFAULT_PREFERENCES: Preferences = {
  displayName: null,
  timeZone: null,
  pronouns: null,
  optOuts: { airtimeAndLanguage: false, transcriptAnalysis: false, nudges: false },
  consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
  updatedAtMs: null,
};

interface PersonDocumentBase {
  readonly id: string;
  /** Partition key: formatPersonKey of the owner. */
  readonly personId: string;
}

/**
 * Cosmos's per-document time to live: -1 keeps a document past the container's retention. What
 * describes the person rather than a session (preferences, links to their circles) lives as long as
 * they do, until they delete their data; reflections and feedback follow retention.
 */
export const KEEP_UNTIL_DELETED = -1;

export interface PreferencesDocument extends PersonDocumentBase, Preferences {
  readonly type: 'preferences';
  readonly ttl: typeof KEEP_UNTIL_DELETED;
}

/** One per circle the person belongs to: export and delete find their circles through these. */
export interface CircleLinkDocument extends PersonDocumentBase {
  readonly type: 'circle-link';
  readonly ttl: typeof KEEP_UNTIL_DELETED;
  readonly circleId: string;
  readonly linkedAtMs: number;
}

export type ReflectionMoment = 'before' | 'after';

export interface Reflection {
  readonly id: string;
  readonly circleId: string;
  readonly sessionId: string;
  readonly moment: ReflectionMoment;
  readonly text: string;
  /** false: only its author ever reads it. */
  readonly shared: boolean;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

export interface ReflectionDocument extends PersonDocumentBase, Omit<Reflection, 'id'> {
  readonly type: 'reflection';
  readonly reflectionId: string;
  readonly authorId: string;
}

/** `pending` until the bot has delivered it to the recipient, then `sent`. */
export type FeedbackDelivery = 'pending' | 'sent';

export interface FeedbackToMe {
  readonly id: string;
  readonly circleId: string;
  readonly sessionId: string | null;
  readonly from: string;
  readonly fromDisplayName: string;
  readonly text: string;
  readonly createdAtMs: number;
  readonly delivery: FeedbackDelivery;
  readonly deliveredAtMs: number | null;
}

/** Private feedback, stored only in its recipient's partition. */
export interface FeedbackDocument extends PersonDocumentBase, Omit<FeedbackToMe, 'id'> {
  readonly type: 'feedback';
  readonly feedbackId: string;
  readonly to: string;
}

/** What the sender keeps of feedback they sent: who and when, never the text. */
export interface SentFeedback {
  readonly id: string;
  readonly circleId: string;
  readonly sessionId: string | null;
  readonly to: string;
  readonly sentAtMs: number;
}

export interface SentFeedbackDocument extends PersonDocumentBase, Omit<SentFeedback, 'id'> {
  readonly type: 'sent-feedback';
  readonly feedbackId: string;
}

export function formatCircleLinkId(circleId: string): string {
  return `circle:${circleId}`;
}

export function formatReflectionDocumentId(reflectionId: string): string {
  return `reflection:${reflectionId}`;
}

export function formatFeedbackDocumentId(feedbackId: string): string {
  return `feedback:${feedbackId}`;
}

export function formatSentFeedbackDocumentId(feedbackId: string): string {
  return `sent-feedback:${feedbackId}`;
}

export function toReflection(document: ReflectionDocument): Reflection {
  return {
    id: document.reflectionId,
    circleId: document.circleId,
    sessionId: document.sessionId,
    moment: document.moment,
    text: document.text,
    shared: document.shared,
    createdAtMs: document.createdAtMs,
    updatedAtMs: document.updatedAtMs,
  };
}

export function toFeedbackToMe(document: FeedbackDocument): FeedbackToMe {
  return {
    id: document.feedbackId,
    circleId: document.circleId,
    sessionId: document.sessionId,
    from: document.from,
    fromDisplayName: document.fromDisplayName,
    text: document.text,
    createdAtMs: document.createdAtMs,
    delivery: document.delivery,
    deliveredAtMs: document.deliveredAtMs,
  };
}

export function toSentFeedback(document: SentFeedbackDocument): SentFeedback {
  return {
    id: document.feedbackId,
    circleId: document.circleId,
    sessionId: document.sessionId,
    to: document.to,
    sentAtMs: document.sentAtMs,
  };
}

export function toPreferences(document: PreferencesDocument | null): Preferences {
  if (document === null) return DEFAULT_PREFERENCES;
  return {
    displayName: document.displayName,
    timeZone: document.timeZone,
    pronouns: document.pronouns,
    optOuts: { ...DEFAULT_PREFERENCES.optOuts, ...document.optOuts },
    consentDefaults: { ...DEFAULT_PREFERENCES.consentDefaults, ...document.consentDefaults },
    updatedAtMs: document.updatedAtMs,
  };
}
