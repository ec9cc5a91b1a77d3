// Every view, checked by axe-core in the DOM (names, roles, ARIA, labels, lists, headings). Colour
// contrast needs real layout and is checked in Chromium by the end-to-end tests, in three themes.
import axe from 'axe-core';
import type { ReactElement } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILT_IN_FRAMEWORKS, buildSummary, EMPTY_OUTPUTS, type Mark } from '@grow-together/core';
import { AirtimeTracker } from './airtime-tracker/AirtimeTracker.js';
import { BeforeAndAfter } from './before-after/BeforeAndAfter.js';
import { ConfigurationPage } from './configuration/ConfigurationPage.js';
import { ConsentAndPrivacy } from './consent-privacy/ConsentAndPrivacy.js';
import { LanguageTally } from './language-tally/LanguageTally.js';
import { MeetingStageView } from './meeting-stage/MeetingStageView.js';
import { NotesAndOutputs } from './notes-outputs/NotesAndOutputs.js';
import { Reflection } from './reflection/Reflection.js';
import { apply, at, growFramework, startedTrio } from './shared/session-fixture.js';
import { nameOf, queryAllByRole, renderView, type Rendered } from './shared/test-support.js';
import { StageCard } from './stage-card/StageCard.js';
import { SummaryView } from './summary/SummaryView.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

const ok = async () => ({ ok: true as const });
const session = apply(
  startedTrio(3, { withDee: true }),
  { type: 'opt-out-tracking', by: 'dee', optedOut: true },
  at(190),
);
const marks: Mark[] = [
  { kind: 'speech', id: 'm1', atMs: at(200), by: 'cai', source: 'observer', speaker: 'ana' },
  {
    kind: 'tag',
    id: 't1',
    atMs: at(210),
    by: 'cai',
    speaker: 'ana',
    tag: 'open-question',
    stageId: 'reality',
  },
];
const ended = apply(session, { type: 'end', by: 'ana' }, at(400));
const summary = buildSummary({ session: ended, marks, outputs: EMPTY_OUTPUTS, now: at(400) });

const VIEWS: Record<string, ReactElement> = {
  'stage card (coach)': <StageCard session={session} me="ana" nowMs={at(1_000)} onCommand={ok} />,
  'stage card (coachee, consent asked)': (
    <StageCard session={session} me="ben" nowMs={at(250)} onCommand={ok} />
  ),
  'airtime tracker': (
    <AirtimeTracker
      session={session}
      me="cai"
      nowMs={at(400)}
      marks={marks}

      onMark={() => undefined}
      onUndo={() => true}
      onAddGuest={ok}
    />
  ),
  'language tally': (
    <LanguageTally
      session={session}
      me="cai"
      nowMs={at(400)}
      marks={marks}
      onTag={() => undefined}
    />
  ),
  'notes and outputs': (
    <NotesAndOutputs
      session={session}
      me="ben"
      note={{ text: 'Goal', version: 1 }}
      outputs={EMPTY_OUTPUTS}
      onSaveNote={ok}
      onAddCommitment={ok}
      onAddExperiment={ok}
      onAddSentence={ok}
      onAddAppreciation={ok}
    />
  ),
  'consent and privacy': (
    <ConsentAndPrivacy session={session} me="ben" onCommand={ok} onSendFeedback={ok} />
  ),
  reflection: <Reflection reflection={null} onSave={ok} />,
  summary: <SummaryView summary={summary} copyText={async () => undefined} />,
  configuration: (
    <ConfigurationPage
      frameworks={BUILT_IN_FRAMEWORKS}
      initial={{
        name: 'Trio',
        frameworkId: 'grow-for-equals',
        cadence: {
          frequency: 'weekly',
          weekday: 2,
          startTime: '09:30',
          timeZone: 'UTC',
          durationMinutes: 30,
        },
      }}
      linkedCircleName={null}
      onSave={ok}
    />
  ),
  'before and after': (
    <BeforeAndAfter
      me="ben"
      framework={growFramework()}
      myNextRole="coach"
      openCommitments={[
        {
          id: 'c1',
          owner: 'ben',
          text: 'Book the room',
          dueDate: null,
          createdAtMs: 0,
          status: 'open',
          evidence: null,
          closedAtMs: null,
          sessionId: 's',
        },
      ]}
      pastSessions={[{ sessionId: 's', occurredOn: '2023-11-14', summary }]}
      nameOf={(id) => id}
      onMarkDone={ok}
    />
  ),
  'meeting stage': <MeetingStageView session={session} me="ana" nowMs={at(400)} onCommand={ok} />,
};

const CONTROL_ROLES = ['button', 'link', 'textbox', 'combobox', 'checkbox', 'switch', 'radio'];

describe('accessibility of every view', () => {
  for (const [name, element] of Object.entries(VIEWS)) {
    it(`${name}: no serious or critical axe violations, and every control has a name`, async () => {
      const view = await renderView(element);
      views.push(view);
      const result = await axe.run(view.container, {
        rules: { 'color-contrast': { enabled: false } },
      });
      const serious = result.violations.filter(
        (v) => v.impact === 'serious' || v.impact === 'critical',
      );
      expect(serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`)).toEqual([]);
      const controls = CONTROL_ROLES.flatMap((role) => queryAllByRole(view.container, role));
      expect(controls.length).toBeGreaterThan(0);
      expect(controls.filter((control) => nameOf(control) === '').map((c) => c.outerHTML)).toEqual(
        [],
      );
    });
  }
});

describe('the side panel, all views together', () => {
  it('gives no two controls the same role and name, so each can be found on its own', async () => {
    // Cai observes while Reality runs and Options (role-play) is next: every side-panel view shows.
    const view = await renderView(
      <main>
        <StageCard session={session} me="cai" nowMs={at(400)} onCommand={ok} />
        {VIEWS['airtime tracker']}
        {VIEWS['language tally']}
        <ConsentAndPrivacy session={session} me="cai" onCommand={ok} onSendFeedback={ok} />
        {VIEWS['notes and outputs']}
      </main>,
    );
    views.push(view);
    const seen = CONTROL_ROLES.flatMap((role) =>
      queryAllByRole(view.container, role).map((control) => `${role}: ${nameOf(control)}`),
    );
    expect(seen.filter((entry, index) => seen.indexOf(entry) !== index)).toEqual([]);
    expect(seen).toContain('button: No, I’d rather not');
  });
});
