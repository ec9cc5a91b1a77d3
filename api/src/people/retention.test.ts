import { afterAll, describe, expect, it } from 'vitest';
import type { Caller } from '../auth/caller.js';
import { SECONDS_PER_DAY } from '../store/containers.js';
import { createSqliteDocumentStore } from '../store/sqlite/sqlite-document-store.js';
import { listLinkedCircleIds, recordCircleMembership } from './circle-index.js';
import { readPreferences, savePreferences } from './preferences.js';
import { createReflectionOnce, listMyReflections } from './reflections.js';

const ANA: Caller = { tenantId: 'tenant-1', userId: 'ana', displayName: 'Ana', source: 'dev' };

describe('retention of a person’s documents', () => {
  let nowMs = Date.parse('2026-03-03T09:30:00Z');
  const store = createSqliteDocumentStore({
    path: ':memory:',
    retentionDays: 30,
    now: () => nowMs,
    purgeIntervalMs: 0,
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps preferences and circle links past retention, and lets reflections expire', async () => {
    await savePreferences(
      store,
      ANA,
      {
        displayName: null,
        timeZone: 'Europe/Lisbon',
        pronouns: null,
        optOuts: { airtimeAndLanguage: true, transcriptAnalysis: false, nudges: false },
        consentDefaults: { rolePlay: 'ask-every-time', shareReflections: false },
      },
      nowMs,
    );
    await recordCircleMembership(store, ANA, 'circle-1', nowMs);
    const reflection = {
      id: 'r1',
      circleId: 'circle-1',
      sessionId: 's1',
      moment: 'after',
      text: 'Went well',
      shared: false,
    } as const;
    await createReflectionOnce(store, ANA, reflection, nowMs);

    nowMs += 31 * SECONDS_PER_DAY * 1000;
    expect((await readPreferences(store, ANA)).optOuts.airtimeAndLanguage).toBe(true);
    expect(await listLinkedCircleIds(store, ANA)).toEqual(['circle-1']);
    expect(await listMyReflections(store, ANA, {})).toEqual([]);
  });
});
