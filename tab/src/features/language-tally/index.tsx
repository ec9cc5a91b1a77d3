// The observer's language tally, ready to lazy-load.
import { LanguageTallyContainer } from './language-tally-container.js';

export default LanguageTallyContainer;
export { LanguageTally, type LanguageTallyProps } from './LanguageTally.js';
