// The stage card, ready to lazy-load: `lazy(() => import('../features/stage-card/index.js'))`.
import { StageCardContainer } from './stage-card-container.js';

export default StageCardContainer;
export { StageCard, type StageCardProps } from './StageCard.js';
