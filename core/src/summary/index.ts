export * from './model.js';
export { buildSummary, type SummaryInput, type SummaryRotation } from './build-summary.js';
export {
  matchTranscriptSpeakers,
  normalizeName,
  TRANSCRIPT_GUEST_PREFIX,
  type NamedPerson,
  type SpeakerMatch,
  type TranscriptGuest,
} from './match-transcript-speakers.js';
