import type { ParticipantId } from '../units.js';

export interface NamedPerson {
  readonly id: ParticipantId;
  readonly displayName: string;
}

/** A transcript speaker no member matched: shown as a guest under the name the transcript gives. */
export interface TranscriptGuest {
  readonly id: ParticipantId;
  readonly displayName: string;
}

export interface SpeakerMatch {
  /** Transcript speaker name → the member or guest it stands for. */
  readonly idBySpeaker: ReadonlyMap<string, ParticipantId>;
  readonly guests: readonly TranscriptGuest[];
}

/** Guest ids cannot collide with member ids, which never contain this prefix's colon form. */
export const TRANSCRIPT_GUEST_PREFIX = 'transcript-guest:';

/**
 * Transcripts name people by display name, as the meeting showed it, so speakers are matched to
 * members by name: first exactly (ignoring case, accents, spacing and the "(Guest)"/"(External)"
 * suffix Teams adds), then by first name when exactly one member has it and no other speaker
 * claims it. A name that matches nobody, or more than one member, is a guest: a wrong match would
 * give someone else's airtime to a member, which is worse than an honest "guest".
 */
export function matchTranscriptSpeakers(
  speakers: readonly string[],
  members: readonly NamedPerson[],
): SpeakerMatch {
  const idBySpeaker = new Map<string, ParticipantId>();
  const taken = new Set<ParticipantId>();
  const byFullName = groupBy(members, (member) => normalizeName(member.displayName));
  const byFirstName = groupBy(members, (member) => firstName(member.displayName));
  const unique = [...new Set(speakers)];

  for (const speaker of unique) {
    const candidates = byFullName.get(normalizeName(speaker)) ?? [];
    const [only] = candidates;
    if (candidates.length === 1 && only && !taken.has(only.id)) {
      idBySpeaker.set(speaker, only.id);
      taken.add(only.id);
    }
  }

  const unmatched = unique.filter((speaker) => !idBySpeaker.has(speaker));
  const firstNameClaims = groupBy(unmatched, firstName);
  for (const speaker of unmatched) {
    const key = firstName(speaker);
    const candidates = (byFirstName.get(key) ?? []).filter((member) => !taken.has(member.id));
    const [only] = candidates;
    if (candidates.length === 1 && only && firstNameClaims.get(key)?.length === 1) {
      idBySpeaker.set(speaker, only.id);
      taken.add(only.id);
    }
  }

  const guests = unique
    .filter((speaker) => !idBySpeaker.has(speaker))
    .map((speaker) => ({ id: `${TRANSCRIPT_GUEST_PREFIX}${speaker}`, displayName: speaker }));
  for (const guest of guests) idBySpeaker.set(guest.displayName, guest.id);
  return { idBySpeaker, guests };
}

export function normalizeName(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\((?:guest|external|unverified)\)/giu, '')
    .replace(/\s+/gu, ' ')
    .trim()
    .toLocaleLowerCase('en');
}

function firstName(name: string): string {
  return normalizeName(name).split(' ')[0] ?? '';
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    if (key === '') continue;
    groups.set(key, [...(groups.get(key) ?? []), item]);
  }
  return groups;
}
