import { useId } from 'react';
import BeforeAndAfter from '../../features/before-after/index.js';
import { messages } from '../../messages/index.js';
import { usePanel } from '../panel-model.js';
import { NoticeScreen, PageHeading } from '../Shell.js';

// The meeting's chat and details tabs: what to read before the next session, the circle's open
// commitments (mine can be marked done, with evidence), and the summaries of past sessions.
export default function BeforeAfterPage() {
  const panel = usePanel();
  const headingId = useId();
  if (panel.circle === null) {
    return (
      <NoticeScreen title={messages.shell.noCircle.title} body={messages.shell.noCircle.body} />
    );
  }
  return (
    <main aria-labelledby={headingId}>
      <PageHeading id={headingId} isVisible>
        {messages.shell.pages.beforeAfter}
      </PageHeading>
      <BeforeAndAfter />
    </main>
  );
}
