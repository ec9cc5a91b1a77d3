// Text for the feature views (stage card, tracker, tally, notes, consent, summary, ...).
export const featureMessages = {
  features: {},
} as const;
