import { messages } from '../../messages/index.js';
import { Placeholder } from './Placeholder.js';

export default function ConfigPage() {
  return (
    <main>
      <Placeholder name={messages.shell.pages.config} />
    </main>
  );
}
