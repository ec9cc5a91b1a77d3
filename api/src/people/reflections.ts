import { formatPersonKey, type Caller } from '../auth/caller.js';
import type { CircleDocument } from '../circles/model.js';
import { appError } from '../errors.js';
import { queryAll } from '../outputs/query-all.js';
import { toWritable, updateDocument } from '../outputs/update-document.js';
import { ConflictError, type DocumentStore } from '../store/port.js';
import {
  formatReflectionDocumentId,
  toReflection,
  type Reflection,
  type ReflectionDocument,
  type ReflectionMoment,
} from './model.js';

// Reflections before and after a session live in their author's partition. A shared one stays
// there too: the circle reads it by asking each member's partition, so unsharing or deleting it
// takes effect everywhere at once and no copy is left behind in the circle.

export interface NewReflection {
  readonly id: string;
  readonly circleId: string;
  readonly sessionId: string;
  readonly moment: ReflectionMoment;
  readonly text: string;
  readonly shared: boolean;
}

export interface SharedReflection {
  readonly id: string;
  readonly author: string;
  readonly authorDisplayName: string;
  readonly moment: ReflectionMoment;
  readonly text: string;
  readonly createdAtMs: number;
  readonly updatedAtMs: number;
}

/** Creates the reflection once; a retry with the same id for the same session gets it back. */
export async function createReflectionOnce(
  store: DocumentStore,
  caller: Caller,
  reflection: NewReflection,
  nowMs: number,
): Promise<{ readonly isNew: boolean; readonly reflection: Reflection }> {
  const document: ReflectionDocument = {
    id: formatReflectionDocumentId(reflection.id),
    personId: formatPersonKey(caller),
    type: 'reflection',
    reflectionId: reflection.id,
    authorId: caller.userId,
    circleId: reflection.circleId,
    sessionId: reflection.sessionId,
    moment: reflection.moment,
    text: reflection.text.trim(),
    shared: reflection.shared,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
  try {
    return { isNew: true, reflection: toReflection(await store.create('people', document)) };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
  }
  const existing = await store.read<ReflectionDocument>('people', document.personId, document.id);
  if (
    existing?.type === 'reflection' &&
    existing.circleId === document.circleId &&
    existing.sessionId === document.sessionId
  ) {
    return { isNew: false, reflection: toReflection(existing) };
  }
  throw appError('ALREADY_EXISTS', `The id ${reflection.id} is taken: make a new one.`, {
    field: 'body.id',
  });
}

export async function listMyReflections(
  store: DocumentStore,
  caller: Caller,
  filter: { readonly circleId?: string; readonly sessionId?: string },
): Promise<Reflection[]> {
  const documents = await queryAll<ReflectionDocument>(
    store,
    'people',
    formatPersonKey(caller),
    {
      type: 'reflection',
      ...(filter.circleId === undefined ? {} : { circleId: filter.circleId }),
      ...(filter.sessionId === undefined ? {} : { sessionId: filter.sessionId }),
    },
    'createdAtMs',
  );
  return documents.map(toReflection);
}

export async function editMyReflection(
  store: DocumentStore,
  caller: Caller,
  reflectionId: string,
  edit: { readonly text?: string; readonly shared?: boolean },
  nowMs: number,
): Promise<Reflection> {
  const updated = await updateDocument<ReflectionDocument>(
    store,
    'people',
    formatPersonKey(caller),
    formatReflectionDocumentId(reflectionId),
    (current) => ({
      ...toWritable(current),
      text: edit.text?.trim() ?? current.text,
      shared: edit.shared ?? current.shared,
      updatedAtMs: nowMs,
    }),
  );
  if (updated === null) throw reflectionNotFound();
  return toReflection(updated);
}

export async function deleteMyReflection(
  store: DocumentStore,
  caller: Caller,
  reflectionId: string,
): Promise<void> {
  const isDeleted = await store.delete(
    'people',
    formatPersonKey(caller),
    formatReflectionDocumentId(reflectionId),
  );
  if (!isDeleted) throw reflectionNotFound();
}

/** The reflections members chose to share about a session, one partition query per member. */
export async function listSharedReflections(
  store: DocumentStore,
  circle: CircleDocument,
  sessionId: string,
): Promise<SharedReflection[]> {
  const perMember = await Promise.all(
    Object.entries(circle.members).map(async ([userId, member]) => {
      const documents = await queryAll<ReflectionDocument>(
        store,
        'people',
        formatPersonKey({ tenantId: circle.tenantId, userId }),
        { type: 'reflection', circleId: circle.circleId, sessionId, shared: true },
        'createdAtMs',
      );
      return documents.map((document): SharedReflection => ({
        id: document.reflectionId,
        author: userId,
        authorDisplayName: member.displayName,
        moment: document.moment,
        text: document.text,
        createdAtMs: document.createdAtMs,
        updatedAtMs: document.updatedAtMs,
      }));
    }),
  );
  return perMember.flat().sort((a, b) => a.createdAtMs - b.createdAtMs || a.id.localeCompare(b.id));
}

function reflectionNotFound() {
  return appError('NOT_FOUND', 'You have no reflection with that id.');
}
