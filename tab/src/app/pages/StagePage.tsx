import { messages } from '../../messages/index.js';
import { Placeholder } from './Placeholder.js';

export default function StagePage() {
  return (
    <main>
      <Placeholder name={messages.shell.pages.stage} />
    </main>
  );
}
