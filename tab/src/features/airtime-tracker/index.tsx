// The observer's airtime tracker, ready to lazy-load.
import { AirtimeTrackerContainer } from './airtime-tracker-container.js';

export default AirtimeTrackerContainer;
export { AirtimeTracker, type AirtimeTrackerProps } from './AirtimeTracker.js';
