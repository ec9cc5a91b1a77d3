// The meeting stage view, ready to lazy-load.
import { MeetingStageContainer } from './meeting-stage-container.js';

export default MeetingStageContainer;
export { MeetingStageView, type MeetingStageViewProps } from './MeetingStageView.js';
