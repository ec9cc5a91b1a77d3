import { formatPersonKey, type Caller, type CallerIdentity } from '../auth/caller.js';
import { appError } from '../errors.js';
import { queryAll } from '../outputs/query-all.js';
import { ConflictError, type DocumentStore } from '../store/port.js';
import {
  formatFeedbackDocumentId,
  formatSentFeedbackDocumentId,
  toFeedbackToMe,
  toSentFeedback,
  type FeedbackDocument,
  type FeedbackToMe,
  type SentFeedback,
  type SentFeedbackDocument,
} from './model.js';

// Private feedback is written once, into its recipient's partition, and read only from the
// caller's own partition: nobody else's request ever names that partition, so there is no check
// to forget. The sender keeps an index entry (whom, when, never the words) for their export and
// for anonymising what they sent if they delete their data.

/**
 * Called once the feedback is stored, so the bot can queue its one-to-one delivery. Registered per
 * store (each app has its own), so feedback sent through any route reaches the bot of that app.
 */
export type FeedbackDeliveryHook = (feedback: FeedbackDocument) => Promise<void>;

const deliveryHooks = new WeakMap<DocumentStore, FeedbackDeliveryHook>();

export function registerFeedbackDelivery(store: DocumentStore, hook: FeedbackDeliveryHook): void {
  deliveryHooks.set(store, hook);
}

export interface NewFeedback {
  readonly id: string;
  readonly circleId: string;
  readonly tenantId: string;
  readonly to: string;
  readonly sessionId: string | null;
  readonly text: string;
  readonly fromDisplayName: string;
}

export async function sendFeedbackOnce(
  store: DocumentStore,
  sender: Caller,
  feedback: NewFeedback,
  nowMs: number,
): Promise<{ readonly isNew: boolean; readonly receipt: SentFeedback }> {
  const recipientKey = formatPersonKey({ tenantId: feedback.tenantId, userId: feedback.to });
  const document: FeedbackDocument = {
    id: formatFeedbackDocumentId(feedback.id),
    personId: recipientKey,
    type: 'feedback',
    feedbackId: feedback.id,
    circleId: feedback.circleId,
    sessionId: feedback.sessionId,
    from: sender.userId,
    fromDisplayName: feedback.fromDisplayName,
    to: feedback.to,
    text: feedback.text.trim(),
    createdAtMs: nowMs,
    delivery: 'pending',
    deliveredAtMs: null,
  };
  let stored: FeedbackDocument;
  let isNew = true;
  try {
    stored = await store.create('people', document);
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const existing = await store.read<FeedbackDocument>('people', recipientKey, document.id);
    if (existing?.from !== sender.userId || existing.circleId !== feedback.circleId) {
      throw appError('ALREADY_EXISTS', `The id ${feedback.id} is taken: make a new one.`, {
        field: 'body.id',
      });
    }
    stored = existing;
    isNew = false;
  }
  // After the feedback itself, so a retry after a failure here completes the index.
  const index = await store.upsert<SentFeedbackDocument>('people', {
    id: formatSentFeedbackDocumentId(feedback.id),
    personId: formatPersonKey(sender),
    type: 'sent-feedback',
    feedbackId: feedback.id,
    circleId: stored.circleId,
    sessionId: stored.sessionId,
    to: stored.to,
    sentAtMs: stored.createdAtMs,
  });
  // A resend of feedback not yet delivered queues it again (the queue keeps one entry per item).
  if (stored.delivery === 'pending') await deliveryHooks.get(store)?.(stored);
  return { isNew, receipt: toSentFeedback(index) };
}

/** Feedback to the caller, newest first. */
export async function listFeedbackToMe(
  store: DocumentStore,
  identity: CallerIdentity,
): Promise<FeedbackToMe[]> {
  const documents = await queryAll<FeedbackDocument>(
    store,
    'people',
    formatPersonKey(identity),
    { type: 'feedback' },
    'createdAtMs',
  );
  return documents.map(toFeedbackToMe).reverse();
}

/** One piece of feedback to the caller; anyone else, the sender included, finds nothing. */
export async function readFeedbackToMe(
  store: DocumentStore,
  identity: CallerIdentity,
  feedbackId: string,
): Promise<FeedbackToMe> {
  const document = await store.read<FeedbackDocument>(
    'people',
    formatPersonKey(identity),
    formatFeedbackDocumentId(feedbackId),
  );
  if (document?.type !== 'feedback') {
    throw appError('FEEDBACK_NOT_FOUND', 'You have no feedback with that id.');
  }
  return toFeedbackToMe(document);
}

export async function listFeedbackISent(
  store: DocumentStore,
  identity: CallerIdentity,
): Promise<SentFeedback[]> {
  const documents = await queryAll<SentFeedbackDocument>(
    store,
    'people',
    formatPersonKey(identity),
    { type: 'sent-feedback' },
    'sentAtMs',
  );
  return documents.map(toSentFeedback);
}
