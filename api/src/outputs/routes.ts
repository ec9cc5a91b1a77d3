import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { FastifyInstance } from 'fastify';
import type { SessionOutputs } from '@grow-together/core';
import type { Caller } from '../auth/caller.js';
import { requireMember } from '../circles/membership.js';
import type { CircleDocument } from '../circles/model.js';
import { appError } from '../errors.js';
import { recordCircleMembership } from '../people/circle-index.js';
import type { DocumentStore, StoredDocument } from '../store/port.js';
import {
  applyAppreciationEdit,
  applyCommitmentEdit,
  applyOwnedTextEdit,
  requireCalendarDate,
} from './edit-rules.js';
import {
  formatOutputDocumentId,
  toAppreciation,
  toCommitment,
  toExperiment,
  toSentenceToRemember,
  type AppreciationDocument,
  type CommitmentDocument,
  type ExperimentDocument,
  type OutputDocument,
  type OutputType,
  type SentenceDocument,
} from './model.js';
import {
  AppreciationInSession,
  CircleParams,
  CommitmentInSession,
  CommitmentListResponse,
  CommitmentsQuery,
  CreateAppreciationBody,
  CreateCommitmentBody,
  CreateOwnedItemBody,
  EditCommitmentBody,
  EditTextBody,
  ERROR_RESPONSES,
  ExperimentInSession,
  ItemParams,
  NoteSchema,
  PutNoteBody,
  SentenceInSession,
  SessionOutputsResponse,
  SessionParams,
} from './schemas.js';
import {
  createOutputOnce,
  listOutputDocuments,
  readNote,
  readSessionOutputs,
  requireSessionInCircle,
  saveNote,
} from './session-outputs.js';
import { toWritable, updateDocument } from './update-document.js';

// What a session produces: the shared note, commitments, the week's experiment, sentences to
// remember and appreciations, under /api/circles/:circleId/sessions/:sessionId/. Members only: a
// circle in another tenant or one the caller is not in is a 404, exactly like one that is not there.

const SECURITY = [{ bearer: [] }, { zoomAppContext: [] }];
const TAGS = ['outputs'];

export async function outputRoutes(fastify: FastifyInstance): Promise<void> {
  fastify.addHook('onRequest', fastify.authenticate);
  const routes = fastify.withTypeProvider<TypeBoxTypeProvider>();
  const store = (): DocumentStore => fastify.store;
  const session = '/circles/:circleId/sessions/:sessionId';

  routes.get(
    `${session}/outputs`,
    {
      schema: {
        summary: "A session's outputs (core's SessionOutputs) and its shared note",
        tags: TAGS,
        security: SECURITY,
        params: SessionParams,
        response: { 200: SessionOutputsResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { circleId, sessionId } = request.params;
      await requireMember(store(), request.caller, circleId);
      await requireSessionInCircle(store(), circleId, sessionId);
      const [outputs, note] = await Promise.all([
        readSessionOutputs(store(), circleId, sessionId),
        readNote(store(), circleId, sessionId),
      ]);
      return { outputs: copyOutputs(outputs), note };
    },
  );

  routes.put(
    `${session}/note`,
    {
      schema: {
        summary: "Save the session's shared note; 409 with the current note if it changed since",
        tags: TAGS,
        security: SECURITY,
        params: SessionParams,
        body: PutNoteBody,
        response: { 200: NoteSchema, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { circleId, sessionId } = request.params;
      await requireMember(store(), request.caller, circleId);
      await requireSessionInCircle(store(), circleId, sessionId);
      const nowMs = Date.now();
      const note = await saveNote(store(), {
        circleId,
        sessionId,
        text: request.body.text,
        baseVersion: request.body.version,
        editedBy: request.caller.userId,
        nowMs,
      });
      await recordCircleMembership(store(), request.caller, circleId, nowMs);
      return note;
    },
  );

  routes.post(
    `${session}/commitments`,
    {
      schema: {
        summary: 'Record a commitment: who (default: the caller), what, by when',
        tags: TAGS,
        security: SECURITY,
        params: SessionParams,
        body: CreateCommitmentBody,
        response: { 200: CommitmentInSession, 201: CommitmentInSession, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { circleId, sessionId } = request.params;
      const { circle } = await requireSessionMember(store(), request.caller, circleId, sessionId);
      const owner = request.body.owner ?? request.caller.userId;
      requireCircleMember(circle, owner, 'body.owner');
      const dueDate = request.body.dueDate ?? null;
      requireCalendarDate(dueDate, 'body.dueDate');
      const nowMs = Date.now();
      const outcome = await createOutputOnce<CommitmentDocument>(store(), {
        ...newOutputBase('commitment', request.body.id, circleId, sessionId, request.caller, nowMs),
        type: 'commitment',
        owner,
        text: request.body.text.trim(),
        dueDate,
        status: 'open',
        evidence: null,
        closedAtMs: null,
      });
      await recordMemberships(store(), circle, [request.caller.userId, owner], nowMs);
      return reply
        .status(outcome.kind === 'created' ? 201 : 200)
        .send({ ...toCommitment(outcome.document), sessionId });
    },
  );

  routes.patch(
    `${session}/commitments/:itemId`,
    {
      schema: {
        summary: 'Reword a commitment, move its date, or (its owner only) close it with evidence',
        tags: TAGS,
        security: SECURITY,
        params: ItemParams,
        body: EditCommitmentBody,
        response: { 200: CommitmentInSession, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { circleId, sessionId, itemId } = request.params;
      await requireMember(store(), request.caller, circleId);
      const nowMs = Date.now();
      const updated = await editOutput<CommitmentDocument>(
        store(),
        'commitment',
        circleId,
        sessionId,
        itemId,
        (current) => applyCommitmentEdit(current, request.body, request.caller.userId, nowMs),
      );
      return { ...toCommitment(updated), sessionId };
    },
  );

  for (const kind of ['experiment', 'sentence'] as const) {
    const path = kind === 'experiment' ? 'experiments' : 'sentences';
    const label = kind === 'experiment' ? "the week's experiment" : 'a sentence to remember';
    const response = kind === 'experiment' ? ExperimentInSession : SentenceInSession;
    const toItem = kind === 'experiment' ? toExperiment : toSentenceToRemember;

    routes.post(
      `${session}/${path}`,
      {
        schema: {
          summary: `Record ${label} (owner: default the caller)`,
          tags: TAGS,
          security: SECURITY,
          params: SessionParams,
          body: CreateOwnedItemBody,
          response: { 200: response, 201: response, ...ERROR_RESPONSES },
        },
      },
      async (request, reply) => {
        const { circleId, sessionId } = request.params;
        const { circle } = await requireSessionMember(store(), request.caller, circleId, sessionId);
        const owner = request.body.owner ?? request.caller.userId;
        requireCircleMember(circle, owner, 'body.owner');
        const nowMs = Date.now();
        const outcome = await createOutputOnce<ExperimentDocument | SentenceDocument>(store(), {
          ...newOutputBase(kind, request.body.id, circleId, sessionId, request.caller, nowMs),
          type: kind,
          owner,
          text: request.body.text.trim(),
        });
        await recordMemberships(store(), circle, [request.caller.userId, owner], nowMs);
        return reply
          .status(outcome.kind === 'created' ? 201 : 200)
          .send({ ...toItem(outcome.document), sessionId });
      },
    );

    routes.patch(
      `${session}/${path}/:itemId`,
      {
        schema: {
          summary: `Reword ${label} (its owner or who wrote it down)`,
          tags: TAGS,
          security: SECURITY,
          params: ItemParams,
          body: EditTextBody,
          response: { 200: response, ...ERROR_RESPONSES },
        },
      },
      async (request) => {
        const { circleId, sessionId, itemId } = request.params;
        await requireMember(store(), request.caller, circleId);
        const nowMs = Date.now();
        const updated = await editOutput<ExperimentDocument | SentenceDocument>(
          store(),
          kind,
          circleId,
          sessionId,
          itemId,
          (current) => applyOwnedTextEdit(current, request.body.text, request.caller.userId, nowMs),
        );
        return { ...toItem(updated), sessionId };
      },
    );
  }

  routes.post(
    `${session}/appreciations`,
    {
      schema: {
        summary: 'Appreciate a member (or, with `to: null`, the whole circle)',
        tags: TAGS,
        security: SECURITY,
        params: SessionParams,
        body: CreateAppreciationBody,
        response: { 200: AppreciationInSession, 201: AppreciationInSession, ...ERROR_RESPONSES },
      },
    },
    async (request, reply) => {
      const { circleId, sessionId } = request.params;
      const { circle } = await requireSessionMember(store(), request.caller, circleId, sessionId);
      const to = request.body.to ?? null;
      if (to !== null) requireCircleMember(circle, to, 'body.to');
      const nowMs = Date.now();
      const outcome = await createOutputOnce<AppreciationDocument>(store(), {
        ...newOutputBase(
          'appreciation',
          request.body.id,
          circleId,
          sessionId,
          request.caller,
          nowMs,
        ),
        type: 'appreciation',
        from: request.caller.userId,
        to,
        text: request.body.text.trim(),
      });
      await recordMemberships(store(), circle, [request.caller.userId], nowMs);
      return reply
        .status(outcome.kind === 'created' ? 201 : 200)
        .send({ ...toAppreciation(outcome.document), sessionId });
    },
  );

  routes.patch(
    `${session}/appreciations/:itemId`,
    {
      schema: {
        summary: 'Reword an appreciation (only who wrote it)',
        tags: TAGS,
        security: SECURITY,
        params: ItemParams,
        body: EditTextBody,
        response: { 200: AppreciationInSession, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { circleId, sessionId, itemId } = request.params;
      await requireMember(store(), request.caller, circleId);
      const nowMs = Date.now();
      const updated = await editOutput<AppreciationDocument>(
        store(),
        'appreciation',
        circleId,
        sessionId,
        itemId,
        (current) =>
          applyAppreciationEdit(current, request.body.text, request.caller.userId, nowMs),
      );
      return { ...toAppreciation(updated), sessionId };
    },
  );

  routes.get(
    '/circles/:circleId/commitments',
    {
      schema: {
        summary: "A circle's commitments across sessions (`?status=open`: before and after)",
        tags: TAGS,
        security: SECURITY,
        params: CircleParams,
        querystring: CommitmentsQuery,
        response: { 200: CommitmentListResponse, ...ERROR_RESPONSES },
      },
    },
    async (request) => {
      const { circleId } = request.params;
      await requireMember(store(), request.caller, circleId);
      const { status, owner } = request.query;
      const documents = await listOutputDocuments<CommitmentDocument>(
        store(),
        circleId,
        'commitment',
        { ...(status === undefined ? {} : { status }), ...(owner === undefined ? {} : { owner }) },
      );
      return {
        commitments: documents.map((document) => ({
          ...toCommitment(document),
          sessionId: document.sessionId,
        })),
      };
    },
  );
}

async function requireSessionMember(
  store: DocumentStore,
  caller: Caller,
  circleId: string,
  sessionId: string,
): Promise<{ circle: StoredDocument<CircleDocument> }> {
  const { circle } = await requireMember(store, caller, circleId);
  await requireSessionInCircle(store, circleId, sessionId);
  return { circle };
}

/** Someone named in a body (an owner, a recipient) must belong to the circle: 400 otherwise. */
export function requireCircleMember(circle: CircleDocument, userId: string, field: string): void {
  if (!Object.hasOwn(circle.members, userId)) {
    throw appError('VALIDATION_FAILED', `${field} is not a member of this circle.`, { field });
  }
}

function newOutputBase(
  type: OutputType,
  outputId: string,
  circleId: string,
  sessionId: string,
  caller: Caller,
  nowMs: number,
) {
  return {
    id: formatOutputDocumentId(type, outputId),
    circleId,
    sessionId,
    outputId,
    createdBy: caller.userId,
    createdAtMs: nowMs,
    updatedAtMs: nowMs,
  };
}

async function recordMemberships(
  store: DocumentStore,
  circle: CircleDocument,
  userIds: readonly string[],
  nowMs: number,
): Promise<void> {
  await Promise.all(
    [...new Set(userIds)].map((userId) =>
      recordCircleMembership(store, { tenantId: circle.tenantId, userId }, circle.circleId, nowMs),
    ),
  );
}

/** Applies an edit to an item of this session; 404 when the session has no such item. */
async function editOutput<T extends OutputDocument>(
  store: DocumentStore,
  type: T['type'],
  circleId: string,
  sessionId: string,
  itemId: string,
  edit: (current: T) => T,
): Promise<StoredDocument<T>> {
  const updated = await updateDocument<T>(
    store,
    'circles',
    circleId,
    formatOutputDocumentId(type, itemId),
    (current) => {
      if (current.type !== type || current.sessionId !== sessionId) throw outputNotFound();
      return edit(toWritable(current));
    },
  );
  if (updated === null) throw outputNotFound();
  return updated;
}

function outputNotFound() {
  return appError('NOT_FOUND', 'This session has nothing with that id.');
}

function copyOutputs(outputs: SessionOutputs) {
  return {
    commitments: [...outputs.commitments],
    experiments: [...outputs.experiments],
    sentencesToRemember: [...outputs.sentencesToRemember],
    appreciations: [...outputs.appreciations],
  };
}
