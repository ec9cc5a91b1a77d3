import { buildFeedbackCard } from './cards/feedback-card.js';
import { buildMeetingStartCard } from './cards/meeting-start-card.js';
import { buildSummaryCard } from './cards/summary-card.js';
import { describeRole } from './cards/roles.js';
import { parseCommand } from './commands.js';
import {
  describeCommitments,
  describeGreeting,
  describeOptOut,
  HELP_TEXT,
  NO_CIRCLE_TEXT,
  NO_MEETING_SESSION_TEXT,
  NO_SUMMARY_TEXT,
  SORRY_TEXT,
} from './messages.js';
import { planNudges } from './nudges/plan-nudges.js';
import type {
  CompanionPort,
  MeetingAddress,
  PendingFeedback,
  PersonAddress,
  SavedConversation,
  TranscriptSource,
} from './port.js';
import type {
  BotHandlers,
  BotLogger,
  IncomingTurn,
  Messenger,
  OutgoingMessage,
  TurnActions,
} from './turn.js';

// The bot's behaviour, free of any framework: handlers for what Teams sends, and the scheduled
// work (nudges, private feedback) that runs between sessions. Logs carry ids and kinds, never
// what people wrote.

export interface CompanionOptions {
  readonly port: CompanionPort;
  readonly messenger: Messenger;
  /** null: transcripts are not fetched (Graph is not configured). */
  readonly transcripts: TranscriptSource | null;
  readonly readNowMs: () => number;
  /** The link that opens the side panel in this meeting chat. */
  readonly panelUrlFor: (chatId: string) => string;
  readonly log: BotLogger;
}

export interface ScheduledRunReport {
  readonly nudgesSent: number;
  readonly nudgesFailed: number;
  readonly feedbackDelivered: number;
  readonly feedbackFailed: number;
}

export interface Companion {
  readonly handlers: BotHandlers;
  /** One run of the scheduler: every nudge due at `nowMs`, and private feedback still waiting. */
  runScheduledWork(nowMs: number): Promise<ScheduledRunReport>;
  /** Delivers waiting private feedback now (called when new feedback is stored). */
  deliverPendingFeedback(): Promise<{ delivered: number; failed: number }>;
}

export function createCompanion(options: CompanionOptions): Companion {
  const { port, messenger, log } = options;

  const meetingOf = (turn: IncomingTurn): MeetingAddress => ({
    tenantId: turn.tenantId,
    chatId: turn.conversationId,
    meetingId: turn.meetingId,
  });

  const text = (value: string): OutgoingMessage => ({ kind: 'text', text: value });

  async function remember(turn: IncomingTurn): Promise<void> {
    const saved: SavedConversation = {
      tenantId: turn.tenantId,
      scope: turn.scope,
      conversationId: turn.conversationId,
      serviceUrl: turn.serviceUrl,
      userId: turn.scope === 'personal' ? turn.from.userId : null,
      reference: turn.reference,
    };
    if (saved.scope === 'personal' && saved.userId === null) return;
    await port.saveConversation(saved);
    if (turn.from.userId !== null && turn.scope !== 'personal') {
      await port.saveContact({
        tenantId: turn.tenantId,
        userId: turn.from.userId,
        channelAccountId: turn.from.channelAccountId,
        serviceUrl: turn.serviceUrl,
      });
    }
  }

  async function postSummary(turn: IncomingTurn, actions: TurnActions): Promise<boolean> {
    const summary = await port.readSummary(meetingOf(turn), options.readNowMs());
    if (summary === null) return false;
    await actions.reply({ kind: 'card', card: buildSummaryCard(summary) });
    return true;
  }

  async function mergeTranscript(
    turn: IncomingTurn,
    actions: TurnActions,
    sessionId: string,
  ): Promise<void> {
    if (options.transcripts === null) return;
    try {
      const ids = await actions.readMeetingIds();
      if (ids === null) return;
      const vtt = await options.transcripts.fetchTranscript({ tenantId: turn.tenantId, ...ids });
      if (vtt === null) {
        log.info({ sessionId }, 'no transcript yet for the ended meeting');
        return;
      }
      await port.attachTranscript(meetingOf(turn), sessionId, vtt);
    } catch (error) {
      // The card goes out with the observer's airtime; a transcript can still be uploaded later.
      log.warn({ err: describeError(error), sessionId }, 'the meeting transcript was not merged');
    }
  }

  const handlers: BotHandlers = {
    async installed(turn, actions) {
      await remember(turn);
      await actions.reply(text(describeGreeting(turn.scope)));
    },

    async remembered(turn) {
      await remember(turn);
    },

    async meetingStart(turn, actions) {
      await remember(turn);
      const briefing = await port.readMeetingBriefing(meetingOf(turn), options.readNowMs());
      if (briefing === null) {
        await actions.reply(text(NO_CIRCLE_TEXT));
        return;
      }
      const panelUrl = options.panelUrlFor(turn.conversationId);
      await actions.reply({ kind: 'card', card: buildMeetingStartCard(briefing, panelUrl) });
    },

    async meetingEnd(turn, actions) {
      await remember(turn);
      const outcome = await port.endMeeting(meetingOf(turn), options.readNowMs());
      log.info({ outcome: outcome.kind }, 'meeting ended');
      if (outcome.kind === 'no-circle') return;
      if (outcome.kind === 'no-session') {
        await actions.reply(text(NO_MEETING_SESSION_TEXT));
        return;
      }
      if (outcome.kind !== 'not-underway') await mergeTranscript(turn, actions, outcome.sessionId);
      await postSummary(turn, actions);
    },

    async participants(turn, change, people) {
      const named = people.flatMap((person) =>
        person.userId === null ? [] : [{ ...person, userId: person.userId }],
      );
      await port.recordParticipants(meetingOf(turn), change, named, options.readNowMs());
      for (const person of named) {
        if (person.channelAccountId === null) continue;
        await port.saveContact({
          tenantId: turn.tenantId,
          userId: person.userId,
          channelAccountId: person.channelAccountId,
          serviceUrl: turn.serviceUrl,
        });
      }
    },

    async message(turn, messageText, actions) {
      await remember(turn);
      const command = parseCommand(messageText);
      log.info({ command: command.kind, scope: turn.scope }, 'chat command');
      const person: PersonAddress | null =
        turn.from.userId === null ? null : { tenantId: turn.tenantId, userId: turn.from.userId };
      switch (command.kind) {
        case 'help':
          await actions.reply(text(HELP_TEXT));
          return;
        case 'summary':
          if (turn.scope === 'personal') {
            await actions.reply(text('Ask for the summary in the meeting chat of your circle.'));
          } else if (!(await postSummary(turn, actions))) {
            await actions.reply(text(NO_SUMMARY_TEXT));
          }
          return;
        case 'roles': {
          const briefing =
            turn.scope === 'personal'
              ? null
              : await port.readMeetingBriefing(meetingOf(turn), options.readNowMs());
          if (briefing === null) {
            await actions.reply(
              text(
                turn.scope === 'personal'
                  ? 'Ask for roles in the meeting chat of your circle.'
                  : NO_CIRCLE_TEXT,
              ),
            );
            return;
          }
          const roles = Object.entries(briefing.roles ?? {});
          const nameOf = (id: string) =>
            briefing.members.find((m) => m.userId === id)?.displayName ?? 'a guest';
          await actions.reply(
            text(
              roles.length === 0
                ? (briefing.rolesNote ?? 'Roles are set in the panel.')
                : `Today's roles in ${briefing.circleName}:\n` +
                    roles.map(([id, role]) => `- ${nameOf(id)}: ${describeRole(role)}`).join('\n'),
            ),
          );
          return;
        }
        case 'my-commitments':
          if (person === null) {
            await actions.reply(text(HELP_TEXT));
            return;
          }
          await actions.reply(text(describeCommitments(await port.listOpenCommitments(person))));
          return;
        case 'opt':
          if (person === null) {
            await actions.reply(text(HELP_TEXT));
            return;
          }
          await port.setOptOut(
            { ...person, displayName: turn.from.displayName },
            command.kinds,
            command.isOptedOut,
            turn.scope === 'personal' ? null : meetingOf(turn),
            options.readNowMs(),
          );
          await actions.reply(text(describeOptOut(command.kinds, command.isOptedOut)));
          return;
      }
    },

    async failed(turn, error, actions) {
      log.error({ err: describeError(error), scope: turn?.scope ?? null }, 'a bot turn failed');
      if (actions === null) return;
      try {
        await actions.reply(text(SORRY_TEXT));
      } catch (replyError) {
        log.warn({ err: describeError(replyError) }, 'the apology could not be sent either');
      }
    },
  };

  /**
   * Sends a one-to-one message once per key. Someone the bot cannot reach yet (never chatted, never
   * seen in a meeting) is skipped without a trace, so a later run can still reach them; otherwise
   * the key is stored before sending and settled after, and only a send known to have failed is
   * ever tried again.
   */
  async function sendOnce(
    person: PersonAddress,
    key: string,
    message: OutgoingMessage,
    nowMs: number,
  ): Promise<'sent' | 'failed' | 'already-sent' | 'in-flight' | 'unreachable'> {
    const saved = await port.readPersonalConversation(person);
    const contact = saved === null ? await port.readContact(person) : null;
    if (saved === null && contact === null) return 'unreachable';
    const claim = await port.claimNudge(person, key, nowMs);
    if (claim !== 'claimed') return claim;
    try {
      let conversation = saved;
      if (conversation === null && contact !== null) {
        conversation = await messenger.openPersonalConversation(contact);
        await port.saveConversation(conversation);
      }
      if (conversation === null) throw new Error('no one-to-one chat');
      await messenger.send(conversation.reference, message);
    } catch (error) {
      log.warn({ err: describeError(error), key: redactKey(key) }, 'a one-to-one message failed');
      await port.settleNudge(person, key, 'failed', nowMs);
      return 'failed';
    }
    await port.settleNudge(person, key, 'sent', nowMs);
    return 'sent';
  }

  async function deliverFeedback(
    feedback: PendingFeedback,
    nowMs: number,
  ): Promise<'sent' | 'failed' | 'already-sent' | 'in-flight' | 'unreachable'> {
    const outcome = await sendOnce(
      feedback.recipient,
      `feedback:${feedback.feedbackId}`,
      { kind: 'card', card: buildFeedbackCard(feedback) },
      nowMs,
    );
    if (outcome === 'sent' || outcome === 'already-sent') {
      await port.markFeedbackDelivered(feedback.feedbackId, feedback.recipient, nowMs);
    }
    return outcome;
  }

  async function deliverPendingFeedback(): Promise<{ delivered: number; failed: number }> {
    let delivered = 0;
    let failed = 0;
    for (const feedback of await port.listPendingFeedback()) {
      const outcome = await deliverFeedback(feedback, options.readNowMs());
      if (outcome === 'sent') delivered += 1;
      if (outcome === 'failed') failed += 1;
    }
    return { delivered, failed };
  }

  return {
    handlers,
    deliverPendingFeedback,
    async runScheduledWork(nowMs) {
      let nudgesSent = 0;
      let nudgesFailed = 0;
      for (const nudge of planNudges(await port.listNudgeCircles(), nowMs)) {
        const outcome = await sendOnce(nudge.person, nudge.key, text(nudge.text), nowMs);
        if (outcome === 'sent') nudgesSent += 1;
        if (outcome === 'failed') nudgesFailed += 1;
      }
      const feedback = await deliverPendingFeedback();
      return {
        nudgesSent,
        nudgesFailed,
        feedbackDelivered: feedback.delivered,
        feedbackFailed: feedback.failed,
      };
    },
  };
}

/** An error's name and message only: Bot Framework errors can carry the whole request body. */
export function describeError(error: unknown): { name: string; message: string } {
  if (error instanceof Error) return { name: error.name, message: error.message.slice(0, 300) };
  return { name: 'unknown', message: typeof error === 'string' ? error.slice(0, 300) : 'unknown' };
}

/** Keys name circles and commitments, never people; kept short in logs all the same. */
function redactKey(key: string): string {
  return key.split(':')[0] ?? 'nudge';
}
