import { computeMetrics } from '../airtime/compute-metrics.js';
import { foldMarks } from '../airtime/fold-marks.js';
import { computeLiveAirtime } from '../airtime/live-airtime.js';
import type {
  AirtimeMetrics,
  Interval,
  Mark,
  ParticipantMetrics,
  Span,
  TaggedUtterance,
} from '../airtime/model.js';
import { checkStageRules } from '../language/check-stage-rules.js';
import type { SessionOutputs } from '../outputs/model.js';
import type { RoleAssignment } from '../roles/model.js';
import { proposeRoles } from '../roles/rotation.js';
import type { SessionParticipant, SessionState } from '../session/model.js';
import { comparePlanWithActual } from '../session/timing.js';
import type { TranscriptAnalysis } from '../transcript/model.js';
import type { EpochMs, ParticipantId } from '../units.js';
import { matchTranscriptSpeakers } from './match-transcript-speakers.js';
import type {
  ObserverView,
  SessionSummary,
  SummaryAlert,
  SummaryJargon,
  SummaryPerson,
} from './model.js';

export interface SummaryRotation {
  /** The circle's members in their stable order. */
  readonly members: readonly ParticipantId[];
  /** Past sessions' roles, oldest first, including this session's. */
  readonly history: readonly RoleAssignment[];
}

export interface SummaryInput {
  readonly session: SessionState;
  readonly marks: readonly Mark[];
  readonly outputs: SessionOutputs;
  /** Closes the clock of a session that has not ended yet: the summary is then a preview. */
  readonly now: EpochMs;
  /** A transcript's analysis: its exact airtime replaces the taps, which are kept as the observer's view. */
  readonly transcript?: TranscriptAnalysis | null;
  readonly rotation?: SummaryRotation | null;
}

interface Airtime {
  readonly metrics: AirtimeMetrics;
  readonly optedOut: ReadonlySet<ParticipantId>;
  readonly guests: readonly SummaryPerson[];
  readonly jargon: readonly SummaryJargon[];
}

/** The one post-meeting summary that the bot's card, the panel and the api all show. */
export function buildSummary(input: SummaryInput): SessionSummary {
  const { session, outputs } = input;
  const untilMs = session.endedAtMs ?? Math.max(input.now, session.latestAtMs ?? input.now);
  const startedAtMs = session.startedAtMs ?? untilMs;
  const participants = Object.values(session.participants);
  const optedOut = new Set(participants.filter((p) => p.optedOutOfTracking).map((p) => p.id));

  const observed = computeLiveAirtime({
    marks: input.marks,
    roster: listRoster(participants, input.marks),
    optedOut,
    startedAtMs,
    untilMs,
  });
  const transcript = input.transcript
    ? measureTranscript(input.transcript, participants, optedOut)
    : null;
  const airtime: Airtime = transcript ?? { metrics: observed, optedOut, guests: [], jargon: [] };

  return {
    sessionId: session.id,
    frameworkId: session.framework.id,
    frameworkName: session.framework.name,
    startedAtMs: session.startedAtMs,
    endedAtMs: session.endedAtMs,
    isFinal: session.status === 'ended',
    timeline: comparePlanWithActual(session, untilMs).map((row) => ({
      stageId: row.stageId,
      name: row.stageName,
      plannedMs: row.plannedMs,
      actualMs: row.actualMs,
      overrunMs: row.overrunMs,
      status: row.status,
      runCount: row.runCount,
    })),
    airtimeSource: transcript ? 'transcript' : 'observer',
    people: listPeople(participants, airtime),
    conversation: airtime.metrics.session,
    observerView: transcript ? keepObserverView(observed) : null,
    alerts: findAlerts(session, input.marks, optedOut, untilMs),
    jargon: airtime.jargon,
    commitments: [...outputs.commitments].sort(
      (a, b) =>
        (a.dueDate ?? '9999').localeCompare(b.dueDate ?? '9999') || a.id.localeCompare(b.id),
    ),
    experiments: outputs.experiments,
    sentencesToRemember: outputs.sentencesToRemember,
    appreciations: outputs.appreciations,
    nextRoles: proposeNextRoles(session, input.rotation ?? null),
  };
}

/** Who the observer's metrics are over: everyone present, and anyone who spoke before leaving. */
function listRoster(
  participants: readonly SessionParticipant[],
  marks: readonly Mark[],
): ParticipantId[] {
  const known = new Set(participants.map((p) => p.id));
  const heard = new Set<ParticipantId>();
  for (const mark of marks) {
    if (mark.kind !== 'undo' && mark.speaker !== null && known.has(mark.speaker)) {
      heard.add(mark.speaker);
    }
  }
  return participants.filter((p) => p.presence === 'present' || heard.has(p.id)).map((p) => p.id);
}

/**
 * Recomputes the transcript's metrics over the session's people: speakers are matched to members,
 * and anyone who opted out is taken off the roster, so their speech counts for nobody.
 */
function measureTranscript(
  analysis: TranscriptAnalysis,
  participants: readonly SessionParticipant[],
  optedOut: ReadonlySet<ParticipantId>,
): Airtime {
  const speakers = analysis.utterances.flatMap((u) => (u.speaker === null ? [] : [u.speaker]));
  const match = matchTranscriptSpeakers(speakers, participants);
  const spans: Span[] = [];
  const unattributed: Interval[] = [];
  const utterances: TaggedUtterance[] = [];
  for (const utterance of analysis.utterances) {
    const interval = { startMs: utterance.startMs, endMs: utterance.endMs };
    const participant =
      utterance.speaker === null ? null : match.idBySpeaker.get(utterance.speaker);
    if (participant === undefined || participant === null) {
      unattributed.push(interval);
      continue;
    }
    spans.push({ participant, ...interval });
    utterances.push({
      participant,
      atMs: utterance.startMs,
      tag: utterance.tag,
      key: utterance.text,
    });
  }
  const heard = [...new Set(spans.map((span) => span.participant))];
  const isCounted = (speaker: string | null) => {
    const id = speaker === null ? undefined : match.idBySpeaker.get(speaker);
    return id === undefined || !optedOut.has(id);
  };
  const roster = [
    ...participants
      .filter((p) => p.presence === 'present' || heard.includes(p.id))
      .map((p) => p.id),
    ...match.guests.map((guest) => guest.id),
  ].filter((id) => !optedOut.has(id));
  const metrics = computeMetrics({
    roster,
    spans,
    unattributed,
    utterances,
    durationMs: analysis.durationMs,
  });
  const guests = match.guests
    .filter((guest) => !participants.some((p) => p.id === guest.id))
    .map((guest) => ({
      id: guest.id,
      displayName: guest.displayName,
      role: null,
      isGuest: true,
      status: 'tracked' as const,
      airtime: null,
    }));
  const jargon = countJargon(analysis.utterances.filter((u) => isCounted(u.speaker)));
  return { metrics, optedOut, guests, jargon };
}

function listPeople(
  participants: readonly SessionParticipant[],
  airtime: Airtime,
): SummaryPerson[] {
  const metricsById = new Map<ParticipantId, ParticipantMetrics>(
    airtime.metrics.participants.map((m) => [m.participant, m]),
  );
  const people: SummaryPerson[] = [
    ...participants.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      role: p.role,
      isGuest: p.isGuest,
      status: airtime.optedOut.has(p.id)
        ? ('opted-out' as const)
        : metricsById.has(p.id)
          ? ('tracked' as const)
          : ('absent' as const),
      airtime: airtime.optedOut.has(p.id) ? null : (metricsById.get(p.id) ?? null),
    })),
    ...airtime.guests.map((guest) => ({ ...guest, airtime: metricsById.get(guest.id) ?? null })),
  ];
  const statusOrder = { tracked: 0, 'opted-out': 1, absent: 2 } as const;
  return people.sort(
    (a, b) =>
      statusOrder[a.status] - statusOrder[b.status] ||
      (b.airtime?.talkMs ?? 0) - (a.airtime?.talkMs ?? 0) ||
      a.displayName.localeCompare(b.displayName, 'en') ||
      a.id.localeCompare(b.id),
  );
}

function keepObserverView(observed: AirtimeMetrics): ObserverView {
  return {
    people: observed.participants.map((airtime) => ({ id: airtime.participant, airtime })),
    conversation: observed.session,
  };
}

/**
 * Rule alerts come from the observer's tags, each placed in the stage run whose time it falls in.
 * Placing by time, not by the stage id a panel sent, keeps a tag sent late or from a panel that
 * had not caught up with a stage change in the stage where it was said.
 */
function findAlerts(
  session: SessionState,
  marks: readonly Mark[],
  optedOut: ReadonlySet<ParticipantId>,
  untilMs: EpochMs,
): SummaryAlert[] {
  if (session.startedAtMs === null) return [];
  const { utterances } = foldMarks(marks, { optedOut, fromMs: session.startedAtMs, untilMs });
  return session.timeline.flatMap((run) => {
    const stage = session.framework.stages[run.stageIndex];
    if (!stage) return [];
    const endMs = run.endedAtMs ?? untilMs;
    const inRun = utterances.filter((u) => u.atMs >= run.startedAtMs && u.atMs < endMs);
    return checkStageRules(stage, inRun).map((alert) => ({
      ...alert,
      stageId: stage.id,
      stageName: stage.name,
    }));
  });
}

/** Jargon is language tracking too: the utterances of people who opted out are not searched. */
function countJargon(utterances: TranscriptAnalysis['utterances']): SummaryJargon[] {
  const counts = new Map<string, SummaryJargon>();
  for (const utterance of utterances) {
    for (const hit of utterance.jargon) {
      const seen = counts.get(hit.term);
      counts.set(hit.term, { ...hit, count: (seen?.count ?? 0) + 1 });
    }
  }
  return [...counts.values()].sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
}

function proposeNextRoles(
  session: SessionState,
  rotation: SummaryRotation | null,
): RoleAssignment | null {
  if (rotation === null) return null;
  const proposal = proposeRoles({
    kind: session.framework.kind,
    members: rotation.members,
    history: rotation.history,
  });
  return proposal.ok ? proposal.roles : null;
}
