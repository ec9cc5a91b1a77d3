import Configuration from '../../features/configuration/index.js';
import { messages } from '../../messages/index.js';

// The configuration page (Teams' configurationUrl): choose the framework and the cadence, and
// create or link the meeting's circle. Saving hands the circle to the shell (adoptCircle), which
// in Teams enables the dialog's Save button.
export default function ConfigPage() {
  return (
    <main aria-label={messages.shell.pages.config}>
      <Configuration />
    </main>
  );
}
