// Transcript analysis: WebVTT (Teams, Graph, Zoom) to cues, spans and tagged utterances.
export * from './model.js';
export { compareCues, parseVtt, parseVttInSteps } from './parse-vtt.js';
export { analyzeTranscript, analyzeTranscriptInSteps } from './analyze-transcript.js';
export {
  formatVttTimestamp,
  generateSampleTranscript,
  SAMPLE_SPEAKERS,
  type SampleTranscriptOptions,
} from './generate-sample-transcript.js';
