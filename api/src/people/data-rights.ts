import { formatPersonKey, type Caller } from '../auth/caller.js';
import type { CircleDocument, CircleMember } from '../circles/model.js';
import {
  FORMER_MEMBER_ID,
  toAppreciation,
  toCommitment,
  toExperiment,
  toSentenceToRemember,
  type AppreciationDocument,
  type CommitmentDocument,
  type ExperimentDocument,
  type NoteDocument,
  type OutputDocument,
  type SentenceDocument,
} from '../outputs/model.js';
import { queryAll } from '../outputs/query-all.js';
import { listOutputDocuments } from '../outputs/session-outputs.js';
import { toWritable, updateDocument } from '../outputs/update-document.js';
import type { SessionDocument } from '../sessions/model.js';
import { stripEtag, updateSession } from '../sessions/session-store.js';
import type { DocumentStore, StoredDocument } from '../store/port.js';
import { findMember, listLinkedCircleIds } from './circle-index.js';
import { listFeedbackISent, listFeedbackToMe } from './feedback.js';
import {
  formatFeedbackDocumentId,
  formatSentFeedbackDocumentId,
  type FeedbackDocument,
  type FeedbackToMe,
  type Preferences,
  type Reflection,
  type SentFeedback,
  type SentFeedbackDocument,
} from './model.js';
import { readPreferences } from './preferences.js';
import { listMyReflections } from './reflections.js';

// The right to take one's data away (export) and to have it erased (delete), for one person.
//
// What delete removes: the person's whole partition (preferences, reflections, feedback to them,
// the index of feedback they sent), feedback to them still queued for the bot to deliver, their
// member entry in each of their circles, and every output
// that is theirs: commitments, experiments and sentences they own, appreciations they wrote.
// What it keeps, because others own it: a commitment someone else made (even one this person
// wrote down), an appreciation someone else wrote to them, the shared note, feedback they sent
// (it belongs to its recipient), the sender's index entry of feedback sent to them. Where those
// name the person, the name becomes FORMER_MEMBER_ID,
// so what others keep no longer points at someone who asked to be forgotten. Session records
// (roles, airtime marks) are the circle's history and are left to retention, but the name each
// session shows for the person becomes FORMER_MEMBER_DISPLAY_NAME. The marks and roles keep the
// person's id, which names nobody once the circle no longer lists them; a transcript's analysis
// keeps the names the file gave its speakers until retention removes it.

const FORMER_MEMBER_DISPLAY_NAME = 'A former member';

type InSession<T> = T & { readonly sessionId: string };

export interface CircleExport {
  readonly circleId: string;
  readonly name: string;
  readonly member: CircleMember | null;
  readonly commitments: InSession<ReturnType<typeof toCommitment>>[];
  readonly experiments: InSession<ReturnType<typeof toExperiment>>[];
  readonly sentencesToRemember: InSession<ReturnType<typeof toSentenceToRemember>>[];
  readonly appreciationsGiven: InSession<ReturnType<typeof toAppreciation>>[];
  readonly appreciationsReceived: InSession<ReturnType<typeof toAppreciation>>[];
}

export interface PersonExport {
  readonly exportedAtMs: number;
  readonly person: {
    readonly tenantId: string;
    readonly userId: string;
    readonly displayName: string;
  };
  readonly preferences: Preferences;
  readonly reflections: Reflection[];
  readonly feedbackReceived: FeedbackToMe[];
  readonly feedbackSent: SentFeedback[];
  readonly circles: CircleExport[];
}

export interface DeletionReport {
  readonly deleted: {
    readonly personalDocuments: number;
    readonly circleOutputs: number;
    readonly circleMemberships: number;
  };
  readonly anonymised: {
    readonly circleOutputs: number;
    readonly feedbackSent: number;
    readonly sessions: number;
  };
}

export async function exportPersonData(
  store: DocumentStore,
  caller: Caller,
  nowMs: number,
): Promise<PersonExport> {
  const [preferences, reflections, feedbackReceived, feedbackSent, circles] = await Promise.all([
    readPreferences(store, caller),
    listMyReflections(store, caller, {}),
    listFeedbackToMe(store, caller),
    listFeedbackISent(store, caller),
    readMyCircles(store, caller),
  ]);
  const circleExports: CircleExport[] = [];
  for (const circle of circles) circleExports.push(await exportCircle(store, caller, circle));
  return {
    exportedAtMs: nowMs,
    person: { tenantId: caller.tenantId, userId: caller.userId, displayName: caller.displayName },
    preferences,
    reflections,
    feedbackReceived,
    feedbackSent,
    circles: circleExports,
  };
}

async function exportCircle(
  store: DocumentStore,
  caller: Caller,
  circle: CircleDocument,
): Promise<CircleExport> {
  const me = caller.userId;
  const { circleId } = circle;
  const [commitments, experiments, sentences, given, received] = await Promise.all([
    listOutputDocuments<CommitmentDocument>(store, circleId, 'commitment', { owner: me }),
    listOutputDocuments<ExperimentDocument>(store, circleId, 'experiment', { owner: me }),
    listOutputDocuments<SentenceDocument>(store, circleId, 'sentence', { owner: me }),
    listOutputDocuments<AppreciationDocument>(store, circleId, 'appreciation', { from: me }),
    listOutputDocuments<AppreciationDocument>(store, circleId, 'appreciation', { to: me }),
  ]);
  const withSession = <T>(item: T, document: OutputDocument): InSession<T> => ({
    ...item,
    sessionId: document.sessionId,
  });
  return {
    circleId,
    name: circle.name,
    member: findMember(circle, me),
    commitments: commitments.map((document) => withSession(toCommitment(document), document)),
    experiments: experiments.map((document) => withSession(toExperiment(document), document)),
    sentencesToRemember: sentences.map((document) =>
      withSession(toSentenceToRemember(document), document),
    ),
    appreciationsGiven: given.map((document) => withSession(toAppreciation(document), document)),
    appreciationsReceived: received.map((document) =>
      withSession(toAppreciation(document), document),
    ),
  };
}

/** The circles the person's links name that exist in their tenant, in or since removed. */
async function readMyCircles(store: DocumentStore, caller: Caller): Promise<CircleDocument[]> {
  const circles: CircleDocument[] = [];
  for (const circleId of await listLinkedCircleIds(store, caller)) {
    const circle = await store.read<CircleDocument>('circles', circleId, circleId);
    if (circle?.type === 'circle' && circle.tenantId === caller.tenantId) circles.push(circle);
  }
  return circles;
}

/**
 * Erases the person as the header above describes. Safe to run again after a failure part-way:
 * the links to their circles are deleted last, so a second run finds every circle again.
 */
export async function deletePersonData(
  store: DocumentStore,
  caller: Caller,
): Promise<DeletionReport> {
  const counts = {
    personalDocuments: 0,
    circleOutputs: 0,
    circleMemberships: 0,
    anonymisedOutputs: 0,
    anonymisedSessions: 0,
    anonymisedFeedback: 0,
  };
  for (const circle of await readMyCircles(store, caller)) {
    const outcome = await eraseFromCircle(store, caller.userId, circle.circleId);
    counts.circleOutputs += outcome.deleted;
    counts.anonymisedOutputs += outcome.anonymised;
    counts.anonymisedSessions += await renameInSessions(store, caller.userId, circle.circleId);
    if (outcome.wasMember) counts.circleMemberships += 1;
  }
  for (const sent of await listFeedbackISent(store, caller)) {
    const recipientKey = formatPersonKey({ tenantId: caller.tenantId, userId: sent.to });
    const updated = await updateDocument<FeedbackDocument>(
      store,
      'people',
      recipientKey,
      formatFeedbackDocumentId(sent.id),
      (current) =>
        current.from !== caller.userId
          ? null
          : {
              ...toWritable(current),
              from: FORMER_MEMBER_ID,
              fromDisplayName: FORMER_MEMBER_DISPLAY_NAME,
            },
    );
    if (updated?.from === FORMER_MEMBER_ID) counts.anonymisedFeedback += 1;
  }
  // Feedback to me goes with my partition; the senders' index entries stop naming me, and the
  // bot forgets deliveries still queued for me.
  for (const received of await listFeedbackToMe(store, caller)) {
    const senderKey = formatPersonKey({ tenantId: caller.tenantId, userId: received.from });
    const updated = await updateDocument<SentFeedbackDocument>(
      store,
      'people',
      senderKey,
      formatSentFeedbackDocumentId(received.id),
      (current) =>
        current.to !== caller.userId ? null : { ...toWritable(current), to: FORMER_MEMBER_ID },
    );
    if (updated?.to === FORMER_MEMBER_ID) counts.anonymisedFeedback += 1;
  }
  counts.personalDocuments += await forgetQueuedFeedback(store, caller);
  const personId = formatPersonKey(caller);
  for (const document of await queryAll<object>(store, 'people', personId, {}, 'id')) {
    if (await store.delete('people', personId, document.id)) counts.personalDocuments += 1;
  }
  return {
    deleted: {
      personalDocuments: counts.personalDocuments,
      circleOutputs: counts.circleOutputs,
      circleMemberships: counts.circleMemberships,
    },
    anonymised: {
      circleOutputs: counts.anonymisedOutputs,
      sessions: counts.anonymisedSessions,
      feedbackSent: counts.anonymisedFeedback,
    },
  };
}

// The bot's outbox of feedback still to deliver (api/src/bot/companion-store.ts): one list in the
// `bot` container, each entry naming its recipient.
const FEEDBACK_OUTBOX = 'feedback-outbox';

async function forgetQueuedFeedback(store: DocumentStore, caller: Caller): Promise<number> {
  let deleted = 0;
  const queued = await queryAll<{ readonly tenantId: string; readonly userId: string }>(
    store,
    'bot',
    FEEDBACK_OUTBOX,
    { type: FEEDBACK_OUTBOX, tenantId: caller.tenantId, userId: caller.userId },
    'id',
  );
  for (const entry of queued) {
    if (await store.delete('bot', FEEDBACK_OUTBOX, entry.id)) deleted += 1;
  }
  return deleted;
}

/**
 * The circle's sessions stop showing the person's name: each one that lists them is saved with
 * the name replaced (its version moves on, so a panel that has it open reads it again). Returns
 * how many changed.
 */
async function renameInSessions(
  store: DocumentStore,
  userId: string,
  circleId: string,
): Promise<number> {
  let renamed = 0;
  const sessions = await queryAll<SessionDocument>(
    store,
    'circles',
    circleId,
    { type: 'session' },
    'id',
  );
  for (const session of sessions) {
    if (!isNamedIn(session, userId)) continue;
    const didRename = await updateSession(
      store,
      circleId,
      session.id,
      (current) => {
        const participant = current.state.participants?.[userId];
        if (participant === undefined || !isNamedIn(current, userId)) {
          return { kind: 'answer', value: false };
        }
        const participants = {
          ...current.state.participants,
          [userId]: { ...participant, displayName: FORMER_MEMBER_DISPLAY_NAME },
        };
        const next = { ...stripEtag(current), state: { ...current.state, participants } };
        return { kind: 'save', next, answer: () => true };
      },
      { nowMs: Date.now },
    );
    if (didRename) renamed += 1;
  }
  return renamed;
}

// `participants?.`: a session document always lists its participants, but one that does not is
// passed over rather than failing the whole erasure.
function isNamedIn(session: SessionDocument, userId: string): boolean {
  const participant = session.state.participants?.[userId];
  return participant !== undefined && participant.displayName !== FORMER_MEMBER_DISPLAY_NAME;
}

interface CircleErasure {
  readonly deleted: number;
  readonly anonymised: number;
  readonly wasMember: boolean;
}

async function eraseFromCircle(
  store: DocumentStore,
  userId: string,
  circleId: string,
): Promise<CircleErasure> {
  let deleted = 0;
  let anonymised = 0;
  const deleteAll = async (documents: readonly StoredDocument<object>[]) => {
    for (const document of documents) {
      if (await store.delete('circles', circleId, document.id)) deleted += 1;
    }
  };
  const anonymiseAll = async <T extends object>(
    documents: readonly StoredDocument<T>[],
    change: (current: StoredDocument<T>) => (T & { readonly id: string }) | null,
  ) => {
    for (const document of documents) {
      const updated = await updateDocument<T>(store, 'circles', circleId, document.id, change);
      if (updated !== null && updated._etag !== document._etag) anonymised += 1;
    }
  };

  for (const type of ['commitment', 'experiment', 'sentence'] as const) {
    await deleteAll(await listOutputDocuments(store, circleId, type, { owner: userId }));
    await anonymiseAll(
      await listOutputDocuments(store, circleId, type, { createdBy: userId }),
      (current) =>
        current.createdBy !== userId
          ? null
          : { ...toWritable(current), createdBy: FORMER_MEMBER_ID },
    );
  }
  await deleteAll(await listOutputDocuments(store, circleId, 'appreciation', { from: userId }));
  await anonymiseAll(
    await listOutputDocuments<AppreciationDocument>(store, circleId, 'appreciation', {
      to: userId,
    }),
    (current) => (current.to !== userId ? null : { ...toWritable(current), to: FORMER_MEMBER_ID }),
  );
  await anonymiseAll(
    await queryAll<NoteDocument>(
      store,
      'circles',
      circleId,
      { type: 'note', updatedBy: userId },
      'updatedAtMs',
    ),
    (current) =>
      current.updatedBy !== userId ? null : { ...toWritable(current), updatedBy: FORMER_MEMBER_ID },
  );

  let wasMember = false;
  await updateDocument<CircleDocument>(store, 'circles', circleId, circleId, (circle) => {
    wasMember = findMember(circle, userId) !== null;
    if (!wasMember && circle.createdBy !== userId) return null;
    const members = Object.fromEntries(
      Object.entries(circle.members).filter(([memberId]) => memberId !== userId),
    );
    return {
      ...toWritable(circle),
      members,
      createdBy: circle.createdBy === userId ? FORMER_MEMBER_ID : circle.createdBy,
    };
  });
  return { deleted, anonymised, wasMember };
}
