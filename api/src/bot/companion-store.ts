import { createHash, randomUUID } from 'node:crypto';
import {
  frameworkTotalMs,
  listStageMovers,
  proposeRoles,
  type RoleAssignment,
} from '@grow-together/core';
import type {
  CompanionPort,
  EndOutcome,
  MeetingAddress,
  MeetingBriefing,
  NudgeCircle,
  NudgeClaim,
  OptOutKind,
  PendingFeedback,
  PersonAddress,
  PersonCommitment,
  PersonContact,
  SavedConversation,
} from '@grow-together/bot';
import { formatPersonKey, type Caller } from '../auth/caller.js';
import {
  findCircleByMeeting,
  listMembers,
  readCircleTimeZone,
  type StoredCircle,
} from '../circles/circle-store.js';
import type { CircleDocument } from '../circles/model.js';
import { isAppError } from '../errors.js';
import { toCommitment, type CommitmentDocument } from '../outputs/model.js';
import { queryAll } from '../outputs/query-all.js';
import { listOutputDocuments } from '../outputs/session-outputs.js';
import { listLinkedCircleIds } from '../people/circle-index.js';
import {
  formatFeedbackDocumentId,
  KEEP_UNTIL_DELETED,
  type FeedbackDocument,
} from '../people/model.js';
import { readPreferences, savePreferences } from '../people/preferences.js';
import { applyCommand } from '../sessions/apply-command.js';
import type { SessionDeps } from '../sessions/deps.js';
import type { SessionDocument } from '../sessions/model.js';
import { formatLocalDay, formatSessionId } from '../sessions/occurrence.js';
import { resolveFramework, startOrJoinSession } from '../sessions/start-session.js';
import { buildSessionSummary } from '../sessions/summary.js';
import { uploadTranscript } from '../sessions/transcript.js';
import { ConflictError, PreconditionFailedError } from '../store/port.js';

// The bot's port over the store. Sessions are started, joined, ended and given transcripts through
// the same functions the routes call (api/src/sessions), so a bot action and a panel action are
// one code path. What the bot keeps of its own:
// - `bot` container, partition `installations`: one entry per chat the bot is in (nudges walk it);
// - `bot` container, partition `feedback-outbox`: private feedback still to be delivered;
// - `bot` container, partition `call:<meeting>`: who is in the meeting call right now;
// - each person's own partition (`people`): their one-to-one chat, how to reach them, and one
//   record per nudge sent to them (the nudge's idempotency key).

const INSTALLATIONS = 'installations';
const FEEDBACK_OUTBOX = 'feedback-outbox';
const PERSONAL_CONVERSATION_ID = 'bot-conversation';
const CONTACT_ID = 'bot-contact';
const DAY_MS = 86_400_000;

interface BotDocumentBase {
  readonly id: string;
  readonly botKey: string;
}

interface InstallationDocument extends BotDocumentBase {
  readonly type: 'installation';
  readonly tenantId: string;
  readonly chatId: string;
  readonly scope: SavedConversation['scope'];
  readonly serviceUrl: string;
  readonly reference: SavedConversation['reference'];
  readonly savedAtMs: number;
}

interface OutboxDocument extends BotDocumentBase {
  readonly type: 'feedback-outbox';
  readonly tenantId: string;
  readonly userId: string;
  readonly feedbackId: string;
  readonly queuedAtMs: number;
}

interface CallRosterDocument extends BotDocumentBase {
  readonly type: 'call-roster';
  /** Who is in a call matters only during it: the roster goes two days after its last change. */
  readonly ttl: number;
  /** Who is in the call now, by user id. */
  readonly inCall: Readonly<
    Record<string, { readonly displayName: string; readonly sinceMs: number }>
  >;
  readonly updatedAtMs: number;
}

interface PersonalConversationDocument {
  readonly id: string;
  readonly personId: string;
  readonly type: 'bot-conversation';
  readonly ttl: typeof KEEP_UNTIL_DELETED;
  readonly conversation: SavedConversation;
}

interface ContactDocument {
  readonly id: string;
  readonly personId: string;
  readonly type: 'bot-contact';
  readonly ttl: typeof KEEP_UNTIL_DELETED;
  readonly channelAccountId: string;
  readonly serviceUrl: string;
}

interface NudgeDocument {
  readonly id: string;
  readonly personId: string;
  readonly type: 'nudge';
  /** `sending` is stored before the message goes out; only `failed` is ever tried again. */
  readonly state: 'sending' | 'sent' | 'failed';
  readonly attempts: number;
  readonly updatedAtMs: number;
}

const hash = (...parts: string[]) =>
  createHash('sha256').update(JSON.stringify(parts)).digest('base64url').slice(0, 32);

/** Seconds a call roster is kept after its last change (the bot container never expires by default). */
export const CALL_ROSTER_TTL_SECONDS = 2 * 86_400;

/** The partition of a meeting chat's call roster in the bot container. */
export function formatCallRosterKey(meeting: { tenantId: string; chatId: string }): string {
  return `call:${hash(meeting.tenantId, meeting.chatId)}`;
}

export interface CompanionStoreOptions {
  readonly deps: SessionDeps;
}

export function createCompanionStore({ deps }: CompanionStoreOptions): CompanionPort & {
  queueFeedback(feedback: FeedbackDocument): Promise<void>;
} {
  const { store } = deps;

  /** The bot acts in a tenant as no member in particular (creating a session, uploading). */
  const botCaller = (tenantId: string): Caller => ({
    tenantId,
    userId: 'grow-together-bot',
    displayName: 'Grow Together',
    source: 'teams',
  });
  const personCaller = (person: PersonAddress, displayName = ''): Caller => ({
    ...person,
    displayName,
    source: 'teams',
  });

  const findCircle = (meeting: MeetingAddress) =>
    findCircleByMeeting(store, botCaller(meeting.tenantId), {
      host: 'teams',
      meetingKey: meeting.chatId,
    });

  /** Today's session of the meeting, or yesterday's for a meeting that ran past midnight. */
  async function findSession(
    circle: StoredCircle,
    meetingId: string,
    nowMs: number,
  ): Promise<SessionDocument | null> {
    const timeZone = readCircleTimeZone(circle);
    for (const atMs of [nowMs, nowMs - DAY_MS]) {
      const id = formatSessionId(circle.id, meetingId, formatLocalDay(atMs, timeZone));
      const session = await store.read<SessionDocument>('circles', circle.id, id);
      if (session?.type === 'session') return session;
    }
    return null;
  }

  async function findLatestSession(circle: StoredCircle): Promise<SessionDocument | null> {
    const page = await store.query<SessionDocument>('circles', circle.id, {
      where: { type: 'session' },
      orderBy: 'createdAtMs',
      descending: true,
      limit: 1,
    });
    return page.items[0] ?? null;
  }

  async function readCallRoster(meeting: MeetingAddress): Promise<CallRosterDocument | null> {
    const botKey = formatCallRosterKey(meeting);
    return store.read<CallRosterDocument>('bot', botKey, 'roster');
  }

  function describeNoRoles(circle: CircleDocument, reason: string | null): string {
    return reason ?? `Roles for ${circle.name} are set in the panel.`;
  }

  return {
    async saveConversation(conversation) {
      if (conversation.scope === 'personal') {
        if (conversation.userId === null) return;
        const personId = formatPersonKey({
          tenantId: conversation.tenantId,
          userId: conversation.userId,
        });
        await store.upsert<PersonalConversationDocument>('people', {
          id: PERSONAL_CONVERSATION_ID,
          personId,
          type: 'bot-conversation',
          ttl: KEEP_UNTIL_DELETED,
          conversation,
        });
        return;
      }
      await store.upsert<InstallationDocument>('bot', {
        id: hash(conversation.tenantId, conversation.conversationId),
        botKey: INSTALLATIONS,
        type: 'installation',
        tenantId: conversation.tenantId,
        chatId: conversation.conversationId,
        scope: conversation.scope,
        serviceUrl: conversation.serviceUrl,
        reference: conversation.reference,
        savedAtMs: deps.readNowMs(),
      });
    },

    async readPersonalConversation(person) {
      const document = await store.read<PersonalConversationDocument>(
        'people',
        formatPersonKey(person),
        PERSONAL_CONVERSATION_ID,
      );
      return document?.type === 'bot-conversation' ? document.conversation : null;
    },

    async saveContact(contact) {
      const personId = formatPersonKey(contact);
      const known = await store.read<ContactDocument>('people', personId, CONTACT_ID);
      const isSame =
        known?.channelAccountId === contact.channelAccountId &&
        known.serviceUrl === contact.serviceUrl;
      if (isSame) return;
      await store.upsert<ContactDocument>('people', {
        id: CONTACT_ID,
        personId,
        type: 'bot-contact',
        ttl: KEEP_UNTIL_DELETED,
        channelAccountId: contact.channelAccountId,
        serviceUrl: contact.serviceUrl,
      });
    },

    async readContact(person): Promise<PersonContact | null> {
      const known = await store.read<ContactDocument>(
        'people',
        formatPersonKey(person),
        CONTACT_ID,
      );
      if (known?.type !== 'bot-contact') return null;
      return { ...person, channelAccountId: known.channelAccountId, serviceUrl: known.serviceUrl };
    },

    async readMeetingBriefing(meeting, _nowMs): Promise<MeetingBriefing | null> {
      const circle = await findCircle(meeting);
      if (circle === null) return null;
      let roles: RoleAssignment | null = null;
      let rolesNote: string | null = null;
      let framework;
      if (meeting.meetingId !== null) {
        // The same start-or-join the panel calls: whoever comes first makes today's session.
        const view = await startOrJoinSession(deps, circle, botCaller(meeting.tenantId), {
          meetingId: meeting.meetingId,
        });
        framework = view.state.framework;
        const assigned = Object.values(view.state.participants).filter((p) => p.role !== null);
        roles = Object.fromEntries(assigned.map((p) => [p.id, p.role] as const)) as RoleAssignment;
      } else {
        framework = resolveFramework(circle);
      }
      const members = listMembers(circle);
      if (roles === null || Object.keys(roles).length === 0) {
        const roster = await readCallRoster(meeting);
        const inCall = new Set(Object.keys(roster?.inCall ?? {}));
        const proposal = proposeRoles({
          kind: framework.kind,
          members: members.map((m) => m.userId),
          history: circle.roleHistory,
          absent:
            inCall.size === 0 ? [] : members.map((m) => m.userId).filter((id) => !inCall.has(id)),
        });
        roles = proposal.ok ? proposal.roles : null;
        rolesNote = proposal.ok ? null : describeNoRoles(circle, proposal.message);
      }
      return {
        circleName: circle.name,
        frameworkName: framework.name,
        frameworkKind: framework.kind,
        frameworkSummary: framework.summary,
        stageNames: framework.stages.map((stage) => stage.name),
        totalMinutes: Math.round(frameworkTotalMs(framework) / 60_000),
        norms: circle.norms,
        members: members.map((m) => ({ userId: m.userId, displayName: m.displayName })),
        roles,
        rolesNote,
      };
    },

    async endMeeting(meeting, nowMs): Promise<EndOutcome> {
      const circle = await findCircle(meeting);
      if (circle === null) return { kind: 'no-circle' };
      if (meeting.meetingId === null) return { kind: 'no-session' };
      const session = await findSession(circle, meeting.meetingId, nowMs);
      if (session === null) return { kind: 'no-session' };
      const { state } = session;
      if (state.status === 'ended') return { kind: 'already-ended', sessionId: session.id };
      const mover = listStageMovers(state)[0];
      if (state.status === 'not-started' || mover === undefined) {
        return { kind: 'not-underway', sessionId: session.id };
      }
      // The end button's path: the end command, by someone the machine lets end the session.
      await applyCommand(
        deps,
        circle,
        session.id,
        personCaller({ tenantId: meeting.tenantId, userId: mover.id }, mover.displayName),
        {
          commandId: `bot-meeting-end-${session.id}`,
          expectedVersion: null,
          command: { type: 'end' },
        },
      );
      return { kind: 'ended', sessionId: session.id };
    },

    async attachTranscript(meeting, sessionId, vtt) {
      const circle = await findCircle(meeting);
      if (circle === null) return;
      await uploadTranscript(deps, circle, sessionId, botCaller(meeting.tenantId), vtt);
    },

    async readSummary(meeting, nowMs) {
      const circle = await findCircle(meeting);
      if (circle === null) return null;
      const session =
        (meeting.meetingId === null ? null : await findSession(circle, meeting.meetingId, nowMs)) ??
        (await findLatestSession(circle));
      if (session === null) return null;
      const summary = await buildSessionSummary(store, circle, session, nowMs);
      const names: Record<string, string> = {};
      for (const member of listMembers(circle)) names[member.userId] = member.displayName;
      for (const person of summary.people) names[person.id] = person.displayName;
      return { circleName: circle.name, summary, names };
    },

    async recordParticipants(meeting, change, people, nowMs) {
      const botKey = formatCallRosterKey(meeting);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const current = await store.read<CallRosterDocument>('bot', botKey, 'roster');
        const inCall = new Map(Object.entries(current?.inCall ?? {}));
        for (const person of people) {
          if (change === 'joined') {
            inCall.set(person.userId, { displayName: person.displayName, sinceMs: nowMs });
          } else {
            inCall.delete(person.userId);
          }
        }
        const next: CallRosterDocument = {
          id: 'roster',
          botKey,
          type: 'call-roster',
          ttl: CALL_ROSTER_TTL_SECONDS,
          inCall: Object.fromEntries(inCall),
          updatedAtMs: nowMs,
        };
        try {
          if (current === null) await store.create('bot', next);
          else await store.replace('bot', next, current._etag);
          break;
        } catch (error) {
          if (!(error instanceof ConflictError || error instanceof PreconditionFailedError)) {
            throw error;
          }
        }
      }
      // Someone who joins the call is at the session even if they never open the panel. Leaving
      // the call changes nothing there: the panel keeps their role and rotation still counts it.
      if (change !== 'joined' || meeting.meetingId === null) return;
      const circle = await findCircle(meeting);
      if (circle === null) return;
      const session = await findSession(circle, meeting.meetingId, nowMs);
      if (session === null || session.state.status === 'ended') return;
      for (const person of people) {
        if (!Object.hasOwn(circle.members, person.userId)) continue;
        await startOrJoinSession(
          deps,
          circle,
          personCaller({ tenantId: meeting.tenantId, userId: person.userId }, person.displayName),
          {
            meetingId: meeting.meetingId,
            occurredOn: session.occurredOn,
          },
        );
      }
    },

    async listOpenCommitments(person): Promise<PersonCommitment[]> {
      const found: PersonCommitment[] = [];
      for (const circleId of await listLinkedCircleIds(store, person)) {
        const circle = await store.read<CircleDocument>('circles', circleId, circleId);
        if (circle?.type !== 'circle' || circle.tenantId !== person.tenantId) continue;
        const documents = await listOutputDocuments<CommitmentDocument>(
          store,
          circleId,
          'commitment',
          {
            status: 'open',
            owner: person.userId,
          },
        );
        found.push(...documents.map((d) => ({ ...toCommitment(d), circleName: circle.name })));
      }
      return found.sort((a, b) => (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999'));
    },

    async setOptOut(person, kinds, isOptedOut, meeting, nowMs) {
      const caller = personCaller(person, person.displayName);
      const current = await readPreferences(store, caller);
      const has = (kind: OptOutKind) => kinds.includes(kind);
      const optOuts = {
        airtimeAndLanguage: has('tracking') ? isOptedOut : current.optOuts.airtimeAndLanguage,
        transcriptAnalysis: has('transcript') ? isOptedOut : current.optOuts.transcriptAnalysis,
        nudges: has('nudges') ? isOptedOut : current.optOuts.nudges,
      };
      await savePreferences(
        store,
        caller,
        {
          displayName: current.displayName,
          timeZone: current.timeZone,
          pronouns: current.pronouns,
          optOuts,
          consentDefaults: current.consentDefaults,
        },
        nowMs,
      );
      // In a meeting chat, the session under way hears it at once, as the panel's switch does.
      if (!has('tracking') || meeting === null || meeting.meetingId === null) return;
      const circle = await findCircle(meeting);
      if (circle === null) return;
      const session = await findSession(circle, meeting.meetingId, nowMs);
      const participant = session?.state.participants[person.userId];
      if (session === null || participant === undefined || session.state.status === 'ended') return;
      if (participant.optedOutOfTracking === isOptedOut) return;
      try {
        await applyCommand(deps, circle, session.id, caller, {
          commandId: `bot-opt-${randomUUID()}`,
          expectedVersion: null,
          command: { type: 'opt-out-tracking', optedOut: isOptedOut },
        });
      } catch (error) {
        // The preference is saved; the panel applies it when the person next opens it.
        if (!isAppError(error)) throw error;
        deps.log.warn({ code: error.code }, 'the opt-out did not reach the session under way');
      }
    },

    async listNudgeCircles(): Promise<NudgeCircle[]> {
      const installations = await queryAll<InstallationDocument>(
        store,
        'bot',
        INSTALLATIONS,
        { type: 'installation' },
        'savedAtMs',
      );
      const circles = new Map<string, NudgeCircle>();
      for (const installation of installations) {
        const circle = await findCircle({
          tenantId: installation.tenantId,
          chatId: installation.chatId,
          meetingId: null,
        });
        if (circle === null || circles.has(circle.id)) continue;
        const members = await Promise.all(
          listMembers(circle).map(async (member) => {
            const preferences = await readPreferences(store, {
              tenantId: circle.tenantId,
              userId: member.userId,
            });
            return {
              userId: member.userId,
              displayName: member.displayName,
              timeZone: preferences.timeZone ?? member.timeZone,
              hasOptedOutOfNudges: preferences.optOuts.nudges,
            };
          }),
        );
        const commitments = await listOutputDocuments<CommitmentDocument>(
          store,
          circle.id,
          'commitment',
          { status: 'open' },
        );
        circles.set(circle.id, {
          circleId: circle.id,
          tenantId: circle.tenantId,
          circleName: circle.name,
          cadence: circle.cadence,
          createdAtMs: circle.createdAtMs,
          members,
          openCommitments: commitments.map(toCommitment),
        });
      }
      return [...circles.values()];
    },

    async claimNudge(person, key, nowMs): Promise<NudgeClaim> {
      const personId = formatPersonKey(person);
      const id = `nudge:${hash(key)}`;
      try {
        await store.create<NudgeDocument>('people', {
          id,
          personId,
          type: 'nudge',
          state: 'sending',
          attempts: 1,
          updatedAtMs: nowMs,
        });
        return 'claimed';
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
      const current = await store.read<NudgeDocument>('people', personId, id);
      if (current === null) return 'in-flight';
      if (current.state === 'sent') return 'already-sent';
      // A `sending` record may be a send that happened before a crash: never sent twice.
      if (current.state === 'sending') return 'in-flight';
      try {
        await store.replace<NudgeDocument>(
          'people',
          {
            id,
            personId,
            type: 'nudge',
            state: 'sending',
            attempts: current.attempts + 1,
            updatedAtMs: nowMs,
          },
          current._etag,
        );
        return 'claimed';
      } catch (error) {
        if (error instanceof PreconditionFailedError) return 'in-flight';
        throw error;
      }
    },

    async settleNudge(person, key, outcome, nowMs) {
      const personId = formatPersonKey(person);
      const id = `nudge:${hash(key)}`;
      const current = await store.read<NudgeDocument>('people', personId, id);
      await store.upsert<NudgeDocument>('people', {
        id,
        personId,
        type: 'nudge',
        state: outcome,
        attempts: current?.attempts ?? 1,
        updatedAtMs: nowMs,
      });
    },

    async queueFeedback(feedback) {
      await store.upsert<OutboxDocument>('bot', {
        id: hash(feedback.personId, feedback.feedbackId),
        botKey: FEEDBACK_OUTBOX,
        type: 'feedback-outbox',
        tenantId: feedback.personId.slice(0, feedback.personId.indexOf(':')),
        userId: feedback.to,
        feedbackId: feedback.feedbackId,
        queuedAtMs: feedback.createdAtMs,
      });
    },

    async listPendingFeedback(): Promise<PendingFeedback[]> {
      const queued = await queryAll<OutboxDocument>(
        store,
        'bot',
        FEEDBACK_OUTBOX,
        { type: 'feedback-outbox' },
        'queuedAtMs',
      );
      const pending: PendingFeedback[] = [];
      for (const entry of queued) {
        const recipient = { tenantId: entry.tenantId, userId: entry.userId };
        const feedback = await store.read<FeedbackDocument>(
          'people',
          formatPersonKey(recipient),
          formatFeedbackDocumentId(entry.feedbackId),
        );
        if (feedback?.type !== 'feedback' || feedback.delivery === 'sent') {
          // Delivered, or deleted by its recipient: nothing is left to send.
          await store.delete('bot', FEEDBACK_OUTBOX, entry.id);
          continue;
        }
        const circle = await store.read<CircleDocument>(
          'circles',
          feedback.circleId,
          feedback.circleId,
        );
        pending.push({
          feedbackId: entry.feedbackId,
          recipient,
          fromDisplayName: feedback.fromDisplayName,
          circleName: circle?.type === 'circle' ? circle.name : 'your circle',
          text: feedback.text,
          createdAtMs: feedback.createdAtMs,
        });
      }
      return pending;
    },

    async markFeedbackDelivered(feedbackId, recipient, nowMs) {
      const personId = formatPersonKey(recipient);
      const id = formatFeedbackDocumentId(feedbackId);
      for (let attempt = 0; attempt < 5; attempt += 1) {
        const current = await store.read<FeedbackDocument>('people', personId, id);
        if (current === null || current.delivery === 'sent') break;
        const { _etag: etag, ...body } = current;
        try {
          await store.replace<FeedbackDocument>(
            'people',
            { ...body, delivery: 'sent', deliveredAtMs: nowMs },
            etag,
          );
          break;
        } catch (error) {
          if (!(error instanceof PreconditionFailedError)) throw error;
        }
      }
      await store.delete('bot', FEEDBACK_OUTBOX, hash(personId, feedbackId));
    },
  };
}
