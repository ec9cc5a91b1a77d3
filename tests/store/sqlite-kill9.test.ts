// An acknowledged write survives kill -9 (issue 4): a child process writes to the embedded store
// and prints each id once its write resolved; the test kills it with SIGKILL mid-stream, reopens
// the file and finds every acknowledged document, in a database that passes its integrity check.
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, expect, it } from 'vitest';
import { createSqliteDocumentStore } from '../../api/src/store/sqlite/sqlite-document-store.js';

const WRITER = fileURLToPath(new URL('./fixtures/write-until-killed.ts', import.meta.url));
const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));

let dir: string | null = null;
afterEach(async () => {
  if (dir !== null) await rm(dir, { recursive: true, force: true });
  dir = null;
});

/** Runs the writer until it has acknowledged `killAfter` ids, kills it, returns every id it acknowledged. */
async function writeUntilKilled(file: string, round: string, killAfter: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', WRITER, file, round], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const acknowledged: string[] = [];
  let pending = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  child.stdout.on('data', (chunk: Buffer) => {
    const lines = (pending + chunk.toString()).split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line !== 'ready') acknowledged.push(line);
    if (acknowledged.length >= killAfter && child.exitCode === null) child.kill('SIGKILL');
  });
  const [exitCode, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (code, sig) => resolve([code, sig])),
  );
  expect(stderr).toBe('');
  expect({ exitCode, signal }).toEqual({ exitCode: null, signal: 'SIGKILL' });
  return acknowledged;
}

it('keeps every acknowledged write when the writing process is killed with SIGKILL', async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'sqlite-kill9-'));
  const file = path.join(dir, 'store.db');
  const acknowledged: string[] = [];
  for (const [round, killAfter] of [
    ['a', 150],
    ['b', 400],
    ['c', 50],
  ] as const) {
    const ids = await writeUntilKilled(file, round, killAfter);
    expect(ids.length).toBeGreaterThanOrEqual(killAfter);
    acknowledged.push(...ids);
  }

  const db = new Database(file, { readonly: true });
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  } finally {
    db.close();
  }
  const store = createSqliteDocumentStore({ path: file, retentionDays: 30, purgeIntervalMs: 0 });
  try {
    const stored = await store.query<{ round: string; n: number }>('circles', 'kill9');
    const storedIds = new Set(stored.items.map((d) => d.id));
    const lost = acknowledged.filter((id) => !storedIds.has(id));
    expect(lost).toEqual([]);
    const sample = await store.read<{ n: number }>('circles', 'kill9', acknowledged.at(-1) ?? '');
    expect(sample?.n).toBe(Number(acknowledged.at(-1)?.split('-')[1]));
  } finally {
    await store.close();
  }
});
