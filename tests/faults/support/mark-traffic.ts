// What a panel's mark queue sent and what the server acknowledged, read from the page's own
// network traffic (Playwright's request and response events for POST …/marks): the batch ids and
// mark ids of every send, and which of them came back 200 (stored, per the marks route).
import type { Page, Request } from 'playwright-core';

const MARKS_ROUTE = /\/api\/circles\/[^/]+\/sessions\/[^/]+\/marks$/;

export interface MarkTraffic {
  /** Every mark id the page put in a batch, in the order first sent. */
  readonly sentMarkIds: ReadonlySet<string>;
  /** Mark ids in a batch the server answered 200 to. */
  readonly ackedMarkIds: ReadonlySet<string>;
  /** How many times each batch id was sent (a batch is resent with its own id until acknowledged). */
  readonly sendsByBatch: ReadonlyMap<string, number>;
  /** Sends that got no answer (the connection failed) or an error status. */
  readonly failedSends: number;
  readonly ackedSends: number;
  /** Calls `callback` as soon as the page starts its next send (once). */
  onNextSend(callback: () => void): void;
}

interface MarksBody {
  readonly batchId: string;
  readonly marks: readonly { readonly id: string }[];
}

export function watchMarkTraffic(page: Page): MarkTraffic {
  const sentMarkIds = new Set<string>();
  const ackedMarkIds = new Set<string>();
  const sendsByBatch = new Map<string, number>();
  let failedSends = 0;
  let ackedSends = 0;
  let nextSend: (() => void) | null = null;

  const isMarksSend = (request: Request) =>
    request.method() === 'POST' && MARKS_ROUTE.test(new URL(request.url()).pathname);
  const readBody = (request: Request): MarksBody => {
    const text = request.postData();
    if (text === null) throw new Error(`a marks request without a body: ${request.url()}`);
    return JSON.parse(text) as MarksBody;
  };

  page.on('request', (request) => {
    if (!isMarksSend(request)) return;
    // First, so a test that kills the server on this send does it before anything else.
    const callback = nextSend;
    nextSend = null;
    callback?.();
    const body = readBody(request);
    sendsByBatch.set(body.batchId, (sendsByBatch.get(body.batchId) ?? 0) + 1);
    for (const mark of body.marks) sentMarkIds.add(mark.id);
  });
  page.on('response', (response) => {
    const request = response.request();
    if (!isMarksSend(request)) return;
    if (response.status() !== 200) {
      failedSends += 1;
      return;
    }
    ackedSends += 1;
    for (const mark of readBody(request).marks) ackedMarkIds.add(mark.id);
  });
  page.on('requestfailed', (request) => {
    if (isMarksSend(request)) failedSends += 1;
  });

  return {
    sentMarkIds,
    ackedMarkIds,
    sendsByBatch,
    get failedSends() {
      return failedSends;
    },
    get ackedSends() {
      return ackedSends;
    },
    onNextSend(callback) {
      nextSend = callback;
    },
  };
}
