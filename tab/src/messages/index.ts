// Every piece of text the panel shows a person, in one module, ready for translation. Components
// never hold literal strings: they read `messages.<area>.<key>`, and texts with values are
// functions so that word order can change per language.
import { featureMessages } from './features.js';
import { shellMessages } from './shell.js';

export const messages = { ...shellMessages, ...featureMessages } as const;
export type Messages = typeof messages;
