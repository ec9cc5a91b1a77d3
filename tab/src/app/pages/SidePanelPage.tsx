import { messages } from '../../messages/index.js';
import { Placeholder } from './Placeholder.js';

export default function SidePanelPage() {
  return (
    <main>
      <Placeholder name={messages.shell.pages.sidePanel} />
    </main>
  );
}
