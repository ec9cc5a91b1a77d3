// Rotation: propose the next session's roles from the circle's history.
//
// A session has two single seats (coach and coachee, or challenger and facilitator) and gives the
// third role (observer, or member) to everyone else, so a proposal is an ordered pair of people: at
// most 12 × 11 candidates. Every candidate is scored and the best one kept. Scores compare, in
// order:
//   1. Fairness. For each present person, how many more times they have had the role they would
//      take than whoever present has had it least ("times ahead"), sorted from largest down and
//      compared element by element. One person two ahead is worse than any number of people one
//      ahead, so whoever has had a role least often gets it first.
//   2. Repeats: how many people would take the role they took in the previous session.
//   3. Waiting: the session in which the coach (challenger) last had that seat, then the same for
//      the coachee (facilitator), then the sum over everyone else, with never = -1. Lower is
//      better, so ties go to whoever has waited longest.
//   4. Member order: candidates are tried in member order, seat by seat, and only a strictly better
//      score replaces the best so far. No randomness anywhere: same input, same output.
//
// Why this meets the rules with everyone present. Call a history fair when, for every role, the
// counts differ by at most one. From a fair history, a next session stays fair exactly when it
// gives each role to people already one ahead on it only as often as there are too few others, and
// score 1 is lowest for exactly those sessions: whenever a fair next session exists, the proposal
// is one. One always exists, including one that repeats neither single seat and repeats the third
// role for no more people than counting forces (none up to four people, n - 4 of n beyond): after a
// session its coach and coachee are one ahead on their seats, unless a full round has just made
// everyone level, so fairness itself sends the seats to others. Score 2 then picks such a session.
// rotation.property.test.ts checks this on every fair state 2 to 8 people can reach.
//
// Absent people take no part in the comparison but keep their counts, so they come back behind and
// are served first: they are skipped without losing their turn. Counts within one cannot hold for
// someone who missed sessions; what still holds is that no swap of two people's roles would spread
// the roles more evenly. A member who joins late starts at zero and is served first the same way.

import type { FrameworkKind } from '../frameworks/model.js';
import type { ParticipantId } from '../units.js';
import { rolesForGroup, seatRolesFor } from './group-roles.js';
import type { RotationRefusal } from './group-roles.js';
import type { Role, RoleAssignment } from './model.js';

export interface RotationRequest {
  readonly kind: FrameworkKind;
  /** The circle's members in a stable order; the last tie-break follows it. */
  readonly members: readonly ParticipantId[];
  /** Past sessions, oldest first. Someone absent from a session does not appear in it. */
  readonly history: readonly RoleAssignment[];
  /** Members who are not here this time. Ids that are not members are ignored. */
  readonly absent?: readonly ParticipantId[];
}

export interface ProposedRoles {
  readonly ok: true;
  readonly roles: RoleAssignment;
}

// Seats are numbered 0 (coach or challenger), 1 (coachee or facilitator) and 2 (everyone else).
const LEAD = 0;
const PARTNER = 1;
const REST = 2;
const NEVER = -1;

interface Standing {
  /** Sessions taken in each seat's role. */
  readonly counts: [number, number, number];
  /** Index in the history of the last session in each seat's role, or NEVER. */
  readonly lastHad: [number, number, number];
  /** The seat taken in the previous session; undefined when absent from it. */
  previousSeat: number | undefined;
}

export function proposeRoles(request: RotationRequest): ProposedRoles | RotationRefusal {
  const { kind, members, history } = request;
  const duplicates = findDuplicates(members);
  if (duplicates.length > 0) {
    return {
      ok: false,
      code: 'DUPLICATE_MEMBER',
      message:
        `Each member can take one role at a time, but ${duplicates.join(', ')} ` +
        'is listed more than once.',
      duplicates,
    };
  }

  const absent = new Set(request.absent ?? []);
  const present = members.filter((member) => !absent.has(member));
  const group = rolesForGroup(kind, present.length);
  if (!group.ok) return group;

  const { lead, partner, rest } = seatRolesFor(kind);
  const seatRoles: readonly Role[] = [lead, partner, rest];
  const standings = readStandings(present, history, seatRoles);
  const fewest = [LEAD, PARTNER, REST].map((seat) =>
    Math.min(...standings.map((standing) => standing.counts[seat] ?? 0)),
  );

  let best: { leadIndex: number; partnerIndex: number; score: number[] } | undefined;
  for (let leadIndex = 0; leadIndex < standings.length; leadIndex += 1) {
    for (let partnerIndex = 0; partnerIndex < standings.length; partnerIndex += 1) {
      if (partnerIndex === leadIndex) continue;
      const score = scoreCandidate(standings, leadIndex, partnerIndex, fewest);
      if (best === undefined || isLexicographicallyLess(score, best.score)) {
        best = { leadIndex, partnerIndex, score };
      }
    }
  }

  // rolesForGroup refused fewer than two people, so there was at least one candidate.
  const chosen = best ?? { leadIndex: 0, partnerIndex: 1 };
  return {
    ok: true,
    roles: Object.fromEntries(
      present.map((id, index) => [
        id,
        index === chosen.leadIndex ? lead : index === chosen.partnerIndex ? partner : rest,
      ]),
    ),
  };
}

/** The score of one candidate; lower is better, compared element by element. */
function scoreCandidate(
  standings: readonly Standing[],
  leadIndex: number,
  partnerIndex: number,
  fewest: readonly number[],
): number[] {
  const timesAhead: number[] = [];
  let repeats = 0;
  let restWait = 0;
  standings.forEach((standing, index) => {
    const seat = index === leadIndex ? LEAD : index === partnerIndex ? PARTNER : REST;
    timesAhead.push(standing.counts[seat] - (fewest[seat] ?? 0));
    if (standing.previousSeat === seat) repeats += 1;
    if (seat === REST) restWait += standing.lastHad[REST];
  });
  timesAhead.sort((a, b) => b - a);
  const leadWait = standings[leadIndex]?.lastHad[LEAD] ?? NEVER;
  const partnerWait = standings[partnerIndex]?.lastHad[PARTNER] ?? NEVER;
  return [...timesAhead, repeats, leadWait, partnerWait, restWait];
}

/** One pass over the history; people who are not present and roles of another kind are skipped. */
function readStandings(
  present: readonly ParticipantId[],
  history: readonly RoleAssignment[],
  seatRoles: readonly Role[],
): Standing[] {
  const standings = present.map((): Standing => ({
    counts: [0, 0, 0],
    lastHad: [NEVER, NEVER, NEVER],
    previousSeat: undefined,
  }));
  const indexById = new Map(present.map((id, index) => [id, index]));
  history.forEach((session, sessionIndex) => {
    // Own entries only, so ids such as `constructor` read as plain ids.
    for (const [id, role] of Object.entries(session)) {
      const standing = standings[indexById.get(id) ?? -1];
      const seat = seatRoles.indexOf(role);
      if (standing === undefined || seat === -1) continue;
      standing.counts[seat] = (standing.counts[seat] ?? 0) + 1;
      standing.lastHad[seat] = sessionIndex;
      if (sessionIndex === history.length - 1) standing.previousSeat = seat;
    }
  });
  return standings;
}

function isLexicographicallyLess(left: readonly number[], right: readonly number[]): boolean {
  for (let index = 0; index < left.length; index += 1) {
    const difference = (left[index] ?? 0) - (right[index] ?? 0);
    if (difference !== 0) return difference < 0;
  }
  return false;
}

function findDuplicates(members: readonly ParticipantId[]): ParticipantId[] {
  const seen = new Set<ParticipantId>();
  const duplicates = new Set<ParticipantId>();
  for (const member of members) {
    if (seen.has(member)) duplicates.add(member);
    seen.add(member);
  }
  return [...duplicates];
}
