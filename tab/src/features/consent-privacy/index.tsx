// Consent and privacy, ready to lazy-load.
import { ConsentAndPrivacyContainer } from './consent-privacy-container.js';

export default ConsentAndPrivacyContainer;
export { ConsentAndPrivacy, type ConsentAndPrivacyProps } from './ConsentAndPrivacy.js';
export { RolePlayConsent, type RolePlayConsentProps } from './RolePlayConsent.js';
