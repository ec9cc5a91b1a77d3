// The configuration page, ready to lazy-load.
import { ConfigurationContainer } from './configuration-container.js';

export default ConfigurationContainer;
export { ConfigurationPage, type ConfigurationPageProps } from './ConfigurationPage.js';
