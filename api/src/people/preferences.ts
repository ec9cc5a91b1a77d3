import { formatPersonKey, type Caller, type CallerIdentity } from '../auth/caller.js';
import type { CircleDocument, CircleMember } from '../circles/model.js';
import { appError } from '../errors.js';
import { toWritable, updateDocument } from '../outputs/update-document.js';
import type { DocumentStore } from '../store/port.js';
import { findMember, listLinkedCircleIds } from './circle-index.js';
import {
  KEEP_UNTIL_DELETED,
  PREFERENCES_DOCUMENT_ID,
  toPreferences,
  type Preferences,
  type PreferencesDocument,
} from './model.js';

/**
 * A person's preferences, or the defaults (every opt-out off) when they never saved any. Sessions
 * and the bot read the opt-outs here; opting out never keeps anyone from taking part.
 */
export async function readPreferences(
  store: DocumentStore,
  identity: CallerIdentity,
): Promise<Preferences> {
  const document = await store.read<PreferencesDocument>(
    'people',
    formatPersonKey(identity),
    PREFERENCES_DOCUMENT_ID,
  );
  return toPreferences(document);
}

export function isIanaTimeZone(timeZone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch (error) {
    if (error instanceof RangeError) return false;
    throw error;
  }
}

/**
 * Saves the preferences (a whole replacement: each opt-out can be turned back off) and copies the
 * name, time zone and pronouns onto the person's member entry in each of their circles, so the
 * panel and the nudges use them at once.
 */
export async function savePreferences(
  store: DocumentStore,
  caller: Caller,
  preferences: Omit<Preferences, 'updatedAtMs'>,
  nowMs: number,
): Promise<Preferences> {
  if (preferences.timeZone !== null && !isIanaTimeZone(preferences.timeZone)) {
    throw appError('VALIDATION_FAILED', 'body.timeZone is not an IANA time zone.', {
      field: 'body.timeZone',
    });
  }
  const saved = await store.upsert<PreferencesDocument>('people', {
    id: PREFERENCES_DOCUMENT_ID,
    personId: formatPersonKey(caller),
    type: 'preferences',
    ttl: KEEP_UNTIL_DELETED,
    displayName: preferences.displayName?.trim() ?? null,
    timeZone: preferences.timeZone,
    pronouns: preferences.pronouns?.trim() ?? null,
    optOuts: { ...preferences.optOuts },
    consentDefaults: { ...preferences.consentDefaults },
    updatedAtMs: nowMs,
  });
  const stored = toPreferences(saved);
  for (const circleId of await listLinkedCircleIds(store, caller)) {
    await updateDocument<CircleDocument>(store, 'circles', circleId, circleId, (circle) => {
      const member = findMember(circle, caller.userId);
      if (circle.tenantId !== caller.tenantId || member === null) return null;
      const next: CircleMember = {
        ...member,
        displayName: stored.displayName ?? member.displayName,
        timeZone: stored.timeZone ?? member.timeZone,
        pronouns: stored.pronouns,
      };
      const isUnchanged =
        next.displayName === member.displayName &&
        next.timeZone === member.timeZone &&
        next.pronouns === member.pronouns;
      if (isUnchanged) return null;
      return {
        ...toWritable(circle),
        members: { ...circle.members, [caller.userId]: next },
      };
    });
  }
  return stored;
}
