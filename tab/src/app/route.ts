import type { FrameContext, PageKind } from './panel-model.js';

// Which page this document is. Teams says it through the frame context (the same content URL is
// the side panel and the meeting stage); elsewhere, and to override, the `view` query parameter:
//   /?view=side-panel (the default) · /?view=stage · /?view=config · /?view=chat · /?view=details
// tab/README.md lists the URLs for the app package and the tests.

const VIEW_PAGES: Readonly<Record<string, PageKind>> = {
  'side-panel': 'side-panel',
  sidepanel: 'side-panel',
  panel: 'side-panel',
  stage: 'stage',
  config: 'config',
  configure: 'config',
  chat: 'before-after',
  details: 'before-after',
  'before-after': 'before-after',
};

const FRAME_PAGES: Partial<Record<FrameContext, PageKind>> = {
  sidePanel: 'side-panel',
  meetingStage: 'stage',
  settings: 'config',
  content: 'before-after',
};

export function readPage(search: string, frameContext: FrameContext): PageKind {
  const fromFrame = FRAME_PAGES[frameContext];
  // Teams' own word wins for the panel, the stage and the settings page: a stage view must not
  // render a side panel because a URL said so.
  if (fromFrame !== undefined && frameContext !== 'content') return fromFrame;
  const view = new URLSearchParams(search).get('view')?.toLowerCase();
  if (view !== undefined && VIEW_PAGES[view] !== undefined) return VIEW_PAGES[view];
  return fromFrame ?? 'side-panel';
}

/** The URL of a page of this app, keeping the host and demo parameters. */
export function formatPageUrl(
  origin: string,
  search: string,
  view: 'side-panel' | 'stage',
): string {
  const params = new URLSearchParams(search);
  params.set('view', view);
  return `${origin}/?${params.toString()}`;
}
