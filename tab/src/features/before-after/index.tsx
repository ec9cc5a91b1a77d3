// The meeting's chat and details tabs (before and after a session), ready to lazy-load.
import { BeforeAndAfterContainer } from './before-after-container.js';

export default BeforeAndAfterContainer;
export { BeforeAndAfter, type BeforeAndAfterProps } from './BeforeAndAfter.js';
