import { messages } from '../../messages/index.js';
import { Placeholder } from './Placeholder.js';

export default function BeforeAfterPage() {
  return (
    <main>
      <Placeholder name={messages.shell.pages.beforeAfter} />
    </main>
  );
}
