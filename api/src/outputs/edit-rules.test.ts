import { describe, expect, it } from 'vitest';
import { isAppError } from '../errors.js';
import { applyCommitmentEdit, isCalendarDate, type CommitmentEdit } from './edit-rules.js';
import type { CommitmentDocument } from './model.js';

const OPEN: CommitmentDocument = {
  id: 'commitment:c1',
  circleId: 'circle-1',
  sessionId: 'session-1',
  outputId: 'c1',
  type: 'commitment',
  owner: 'ana',
  createdBy: 'ben',
  text: 'Ask before advising',
  dueDate: '2026-03-13',
  status: 'open',
  evidence: null,
  closedAtMs: null,
  createdAtMs: 1_000,
  updatedAtMs: 1_000,
};

function refusal(edit: CommitmentEdit, by: string, current = OPEN) {
  try {
    applyCommitmentEdit(current, edit, by, 5_000);
  } catch (error) {
    if (isAppError(error)) return { code: error.code, field: error.details?.['field'] };
    throw error;
  }
  throw new Error('the edit was accepted');
}

describe('applyCommitmentEdit', () => {
  it('closes with evidence, keeps the first close time, and reopens clean', () => {
    const done = applyCommitmentEdit(
      OPEN,
      { status: 'done', evidence: '  Did it  ' },
      'ana',
      2_000,
    );
    expect(done).toMatchObject({ status: 'done', evidence: 'Did it', closedAtMs: 2_000 });
    const better = applyCommitmentEdit(done, { evidence: 'Did it twice' }, 'ana', 3_000);
    expect(better).toMatchObject({ status: 'done', evidence: 'Did it twice', closedAtMs: 2_000 });
    const dropped = applyCommitmentEdit(better, { status: 'dropped' }, 'ana', 4_000);
    expect(dropped).toMatchObject({ status: 'dropped', evidence: null, closedAtMs: 4_000 });
    const reopened = applyCommitmentEdit(dropped, { status: 'open' }, 'ana', 5_000);
    expect(reopened).toMatchObject({ status: 'open', evidence: null, closedAtMs: null });
  });

  it('lets only the owner close it, and the owner or recorder reword it', () => {
    expect(refusal({ status: 'done', evidence: 'x' }, 'ben')).toEqual({
      code: 'FORBIDDEN',
      field: undefined,
    });
    expect(refusal({ status: 'dropped' }, 'cai').code).toBe('FORBIDDEN');
    expect(refusal({ text: 'Mine now' }, 'cai').code).toBe('FORBIDDEN');
    expect(applyCommitmentEdit(OPEN, { dueDate: null }, 'ben', 2_000).dueDate).toBeNull();
  });

  it('asks for evidence, not intentions', () => {
    expect(refusal({ status: 'done' }, 'ana')).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'body.evidence',
    });
    expect(refusal({ evidence: 'Will do' }, 'ana')).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'body.evidence',
    });
    expect(refusal({ dueDate: '2026-02-29' }, 'ana')).toEqual({
      code: 'VALIDATION_FAILED',
      field: 'body.dueDate',
    });
  });
});

describe('isCalendarDate', () => {
  it('accepts real dates only', () => {
    expect(['2028-02-29', '2026-12-31'].map(isCalendarDate)).toEqual([true, true]);
    expect(['2026-02-29', '2026-13-01', '2026-1-01', 'Friday'].map(isCalendarDate)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });
});
