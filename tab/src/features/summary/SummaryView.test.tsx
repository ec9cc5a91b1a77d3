import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  buildSummary,
  EMPTY_OUTPUTS,
  renderSummaryMarkdown,
  type Mark,
  type SessionSummary,
} from '@grow-together/core';
import { renderConnected, toSessionView } from '../shared/connected-test-support.js';
import { apply, at, startedTrio } from '../shared/session-fixture.js';
import { click, renderView, settle, type Rendered } from '../shared/test-support.js';
import SummaryContainer from './index.js';
import { SummaryView } from './SummaryView.js';

const views: Rendered[] = [];
afterEach(() => views.splice(0).forEach((view) => view.unmount()));

const tap = (seconds: number, speaker: string | null): Mark => ({
  kind: 'speech',
  id: `s${seconds}`,
  atMs: at(seconds),
  by: 'cai',
  source: 'observer',
  speaker,
});

// Ana 0–60 s, Ben 60–240 s (25% and 75%); Dee opted out; the first stage ran 5 minutes (1 over).
function endedSummary(): SessionSummary {
  let session = apply(
    startedTrio(0, { withDee: true }),
    { type: 'opt-out-tracking', by: 'dee', optedOut: true },
    at(1),
  );
  session = apply(session, { type: 'next', by: 'ana' }, at(300));
  session = apply(session, { type: 'end', by: 'ana' }, at(360));
  return buildSummary({
    session,
    marks: [tap(0, 'ana'), tap(60, 'ben'), tap(240, null)],
    outputs: {
      ...EMPTY_OUTPUTS,
      commitments: [
        {
          id: 'c1',
          owner: 'ben',
          text: 'Ask Sam for the budget',
          dueDate: '2023-11-21',
          createdAtMs: at(350),
          status: 'open',
          evidence: null,
          closedAtMs: null,
        },
      ],
      appreciations: [{ id: 'a1', from: 'ana', to: 'ben', text: 'Brave choice of topic' }],
    },
    now: at(400),
  });
}

describe('SummaryView', () => {
  it('shows the timeline planned against actual, airtime per person and the outputs', async () => {
    const view = await renderView(
      <SummaryView summary={endedSummary()} copyText={async () => undefined} />,
    );
    views.push(view);
    expect(view.getByRole('heading', 'Summary: GROW for equals')).toBeTruthy();
    const timeline = view.getByRole('region', 'Stages: planned and actual');
    expect(timeline.textContent).toContain('Norms, signals and consentdone4:005:00 (+1:00)');
    const airtime = view.getByRole('region', 'Airtime and language');
    const rows = [...airtime.querySelectorAll('tbody tr')].map((row) => row.textContent);
    expect(rows).toEqual(['BenCoachee75%10', 'AnaCoach25%10', 'CaiObserver0%00', 'Deeopted out']);
    expect(view.getByRole('region', 'Commitments').textContent).toContain(
      'Ben: Ask Sam for the budget (by 2023-11-21)',
    );
    expect(view.getByRole('region', 'Appreciations').textContent).toContain(
      'Ana to Ben: Brave choice of topic',
    );
    expect(view.getByRole('region', 'Experiment').textContent).toContain('None.');
  });

  it('copies the summary as Markdown and offers it as a .md download', async () => {
    const summary = endedSummary();
    const copyText = vi.fn(async (_text: string) => undefined);
    const view = await renderView(<SummaryView summary={summary} copyText={copyText} />);
    views.push(view);
    await click(view.getByRole('button', 'Copy as Markdown'));
    await settle();
    const markdown = renderSummaryMarkdown(summary);
    expect(copyText).toHaveBeenCalledWith(markdown);
    expect(markdown).toContain('| Ben, coachee | 75% |');
    expect(view.getByRole('status').textContent).toBe('Summary copied as Markdown.');
    const link = view.getByRole('link', 'Download .md');
    expect(link.getAttribute('download')).toMatch(/^grow-together-summary-\d{4}-\d{2}-\d{2}\.md$/);
    const href = link.getAttribute('href') ?? '';
    expect(href.startsWith('data:text/markdown;charset=utf-8,')).toBe(true);
    expect(decodeURIComponent(href.slice(href.indexOf(',') + 1))).toBe(markdown);
  });

  it('says so when the clipboard is blocked', async () => {
    const view = await renderView(
      <SummaryView summary={endedSummary()} copyText={() => Promise.reject(new Error('denied'))} />,
    );
    views.push(view);
    await click(view.getByRole('button', 'Copy as Markdown'));
    await settle();
    expect(view.getByRole('status').textContent).toBe(
      'Copying was blocked. Use Download .md instead.',
    );
  });
});

describe('SummaryContainer', () => {
  it('reads the summary from the api once the session has ended', async () => {
    const summary = endedSummary();
    let ended = apply(startedTrio(), { type: 'end', by: 'ana' }, at(60));
    const read = vi.fn(async () => summary);
    const { view } = await renderConnected(<SummaryContainer />, {
      session: toSessionView(ended, 7),
      api: { sessions: { summary: read } },
    });
    views.push(view);
    await settle();
    expect(read).toHaveBeenCalledWith('circle-1', 'session-1');
    expect(view.getByRole('heading', 'Summary: GROW for equals')).toBeTruthy();

    ended = startedTrio();
    const running = await renderConnected(<SummaryContainer />, { session: toSessionView(ended) });
    views.push(running.view);
    expect(running.view.text()).toBe('The summary appears when the session ends.');
  });
});
