// The summary view, ready to lazy-load.
import { SummaryContainer } from './summary-container.js';

export default SummaryContainer;
export { SummaryView, type SummaryViewProps } from './SummaryView.js';
