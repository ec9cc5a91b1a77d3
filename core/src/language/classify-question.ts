import {
  AUXILIARIES,
  CONTRIBUTION_NOUNS,
  CONTRIBUTION_VERBS,
  JUDGEMENT_WORDS,
  SUBJECT_STARTS,
  SUBORDINATORS,
  WH_WORDS,
} from './cue-words.js';
import type { ClauseView, Utterance } from './read-clause.js';
import type { QuestionTag } from './tags.js';
import { WORD_CLASS, classifyWord } from './word-classes.js';

// ---------------------------------------------------------------------------------------------
// Permission: a request for consent to give feedback, advice, a hard question or a role-play. It
// needs two things: a consent frame ("can I…", "is it okay if…", "would you like…") and something
// the speaker offers (a contribution verb with "I"/"me" as its subject, or a contribution noun).
// ---------------------------------------------------------------------------------------------

const CONSENT_FRAMES: readonly RegExp[] = [
  / (?:can|could|may|might) (?:i|we) /,
  / is it (?:ok|okay|alright|all right|fine|cool) (?:if|to|for|with you) /,
  / (?:would|will) (?:it|that|this) be (?:ok|okay|alright|all right|fine|cool|helpful|useful|of use|worth|good|valuable) /,
  / (?:ok|okay|alright|all right) (?:if|for me to|with you if) /,
  / (?:do|would) you mind (?:if|me) /,
  / mind if (?:i|we) /,
  / (?:are|would|will) you (?:be )?(?:open|happy|up|ok|okay|willing|ready|comfortable|keen|game|interested) (?:to|for|in) /,
  / (?:would|do) you (?:like|want|prefer|fancy|need|welcome|appreciate|value) /,
  / (?:would|will|could) you (?:allow|let|permit) (?:me|us) /,
  / would you rather /,
  / (?:would|do) you find it (?:helpful|useful) /,
  / shall (?:i|we) /,
  / happy for (?:me|us) to /,
  / would it help (?:if|to|you) /,
  / if (?:that|it|this) is (?:ok|okay|alright|all right|fine|cool) /,
  / is (?:that|this) (?:ok|okay|alright|all right|fine) /,
  / is (?:now|this|it|that) (?:a )?(?:ok|okay|alright|all right|fine|good) /,
  / (?:are|would) you (?:be )?(?:ok|okay|alright|fine|comfortable|happy) with (?:me|us|that|this|it|my) /,
  / (?:is|would) (?:this|now|it) (?:be )?a (?:good|ok|okay|bad|useful|helpful|right) (?:time|moment) /,
  / let me know if you would like /,
  / (?:do|can) i have your (?:permission|ok|okay|blessing|consent) /,
  / with your permission /,
  / if you (?:are|would be) (?:open|happy|up|ok|okay|willing) (?:to|for) /,
  / if you would like /,
];

const OFFER_PHRASES: readonly RegExp[] = [
  / to hear /,
  / what (?:i|we) (?:noticed|saw|heard|think|thought|would do|did|observed|see|learned|learnt) /,
  / how (?:i|we) (?:approached|handled|did|dealt|tackled|went about) /,
  / what worked for (?:me|us) /,
  / (?:act|acting|play|playing|try|trying) (?:it|this|that) out /,
  / play the (?:role|part) /,
  / me to /,
  / (?:i|me|to) (?:am|be|being) (?:a bit |a little |really |quite |very |more )?(?:direct|blunt|honest|frank|candid|challenging|provocative|straight|tough)/,
];

// Past forms seen after "would it help if I…" / "what if I…".
const IRREGULAR_BASES: Readonly<Record<string, string>> = {
  told: 'tell',
  gave: 'give',
  said: 'say',
  made: 'make',
  brought: 'bring',
  threw: 'throw',
  came: 'come',
  took: 'take',
};

function toBaseForm(word: string): string {
  const irregular = Object.hasOwn(IRREGULAR_BASES, word) ? IRREGULAR_BASES[word] : undefined;
  if (irregular !== undefined) return irregular;
  if (CONTRIBUTION_VERBS.has(word)) return word;
  if (word.endsWith('ed') && CONTRIBUTION_VERBS.has(word.slice(0, -2))) return word.slice(0, -2);
  if (word.endsWith('ed') && CONTRIBUTION_VERBS.has(word.slice(0, -1))) return word.slice(0, -1);
  return word;
}

/** "I'd like to offer", "can I share", "mind if I ask": the speaker as the one who contributes. */
function hasSpeakerOffering(words: readonly string[]): boolean {
  for (let index = 0; index < words.length; index += 1) {
    if (words[index] !== 'i' && words[index] !== 'me') continue;
    for (let ahead = index + 1; ahead <= index + 4 && ahead < words.length; ahead += 1) {
      if (CONTRIBUTION_VERBS.has(toBaseForm(words[ahead] ?? ''))) return true;
    }
  }
  return false;
}

export function isPermissionRequest(utterance: Utterance): boolean {
  const { phrase } = utterance;
  if (!CONSENT_FRAMES.some((frame) => frame.test(phrase))) return false;
  const words = phrase.trim().split(' ');
  return (
    words.some((word) => CONTRIBUTION_NOUNS.has(word)) ||
    / role /.test(phrase) ||
    OFFER_PHRASES.some((offer) => offer.test(phrase)) ||
    hasSpeakerOffering(words)
  );
}

// ---------------------------------------------------------------------------------------------
// Question form. Transcripts often drop the question mark, so form is read from word order:
// a wh-word with a verb after it, an auxiliary before its subject, an invitation to talk, or a
// tag at the end. A clause is a question by punctuation alone only when nothing else decides.
// ---------------------------------------------------------------------------------------------

type QuestionForm = 'wh' | 'yes-no' | 'invitation' | 'tag' | 'declarative';

const INVITATIONS: readonly RegExp[] = [
  /^ (?:any )?(?:thoughts|ideas|reflections|reactions|comments|observations|feelings)(?: (?:on|about) (?:that|this|it))? $/,
  /^ (?:tell|talk|walk|take) (?:me|us) (?:more|about|through|a bit|a little|how|what|why|where|when|who|everything)/,
  /^ (?:say|share|tell) (?:a bit |a little |some |much )?more /,
  /^ (?:describe|explain|elaborate|unpack|expand) /,
  /^ help me (?:to )?(?:understand|see|get) /,
  /^ give (?:me|us) (?:an|a|some) (?:example|sense|picture|flavour|flavor|idea) /,
  /^ paint (?:me |us )?a picture /,
  /^ (?:go on|keep going|carry on) $/,
  /^ talk (?:to me )?about /,
  /^ i am (?:curious|interested|wondering) (?:about|what|how|why|where|to|whether|in) /,
  /^ i (?:would|'d) (?:love|like) to (?:hear|know|understand|learn) /,
  /^ i would be (?:interested|curious) /,
  /^ i wonder (?:what|how|why|whether|where) /,
  /^ (?:can|could|would|will) you (?:please )?(?:tell|say|describe|explain|walk|talk|take|expand|elaborate|unpack|paint|help me|give (?:me|us) an example|share (?:more|what|how|why|a bit|a little|your thinking|your thoughts|an example))/,
  /^ do you want to (?:say|tell|talk|share) (?:me )?more /,
];

function isInvitation(clause: ClauseView): boolean {
  return INVITATIONS.some((pattern) => pattern.test(clause.phrase));
}

const isBaseVerbOnly = (word: string): boolean => {
  const bits = classifyWord(word);
  return (bits & WORD_CLASS.verb) !== 0 && (bits & WORD_CLASS.noun) === 0;
};

// Words after which a wh-word starts an embedded clause, not a question ("think about what…").
const EMBEDDING_WORDS = new Set([
  'about',
  'of',
  'on',
  'know',
  'knew',
  'see',
  'saw',
  'think',
  'tell',
  'told',
  'ask',
  'asked',
  'wonder',
  'understand',
  'remember',
  'that',
  'is',
  'was',
  'explain',
  'describe',
  'show',
  'decide',
  'matter',
  'sure',
  'for',
  'with',
  'to',
  'and',
  'or',
  'but',
  'like',
  'exactly',
  'just',
]);

/**
 * The question inside a longer clause: after a circumstance ("when you think about the next six
 * months what feels most exciting") or at the end of a run-on transcript line that ends in a
 * question mark ("…and that's where we are what would you do").
 */
function findInnerQuestion(clause: ClauseView): ClauseView | undefined {
  const isRunOnQuestion = clause.isInQuestion && clause.isLastInSentence;
  if (!SUBORDINATORS.has(clause.words[0] ?? '') && !isRunOnQuestion) return undefined;
  for (let index = 3; index < clause.words.length - 1; index += 1) {
    const word = clause.words[index] ?? '';
    if (!['what', 'how', 'why', 'which', 'who'].includes(word)) continue;
    if (EMBEDDING_WORDS.has(clause.words[index - 1] ?? '')) continue;
    const words = clause.words.slice(index);
    return { ...clause, words, phrase: ` ${words.join(' ')} `, isName: clause.isName.slice(index) };
  }
  return undefined;
}

const PREPOSITIONS_BEFORE_WH = new Set([
  'in',
  'to',
  'at',
  'for',
  'from',
  'with',
  'about',
  'on',
  'by',
  'under',
  'of',
]);

/** "In what ways…", "to what extent…": the wh-word after a leading preposition. */
function skipPrepositionBeforeWh(clause: ClauseView): ClauseView {
  const [first = '', second = ''] = clause.words;
  if (!PREPOSITIONS_BEFORE_WH.has(first) || !WH_WORDS.has(second)) return clause;
  const words = clause.words.slice(1);
  return { ...clause, words, phrase: ` ${words.join(' ')} `, isName: clause.isName.slice(1) };
}

function isWhQuestion(clause: ClauseView): boolean {
  const [first = '', second = '', third = ''] = clause.words;
  if (!WH_WORDS.has(first)) return false;
  if (second === '') return clause.isInQuestion || first === 'why' || first === 'how';
  if (first === 'what' && (second === 'a' || second === 'an')) return false; // "what a great idea"
  if (first === 'when' || first === 'where') return AUXILIARIES.has(second);
  // "what you need to do is…", "what I'd do is…", "how you handled it was…": a clause that
  // names something, not a question.
  const isPronounSubject = ['i', 'you', 'we', 'they', 'he', 'she'].includes(second);
  if (isPronounSubject && !clause.isInQuestion) {
    if (!AUXILIARIES.has(third)) return false;
    if (/ (?:is|was) /.test(clause.phrase.slice(` ${first} ${second} ${third}`.length)))
      return false;
  }
  // "What might work better next time is asking first": names a thing, unless it asks.
  const afterVerb = clause.phrase.slice(` ${first} ${second} ${third}`.length);
  if (
    first === 'what' &&
    !clause.isInQuestion &&
    AUXILIARIES.has(second) &&
    / (?:is|was) /.test(afterVerb)
  ) {
    return false;
  }
  return true;
}

function isYesNoQuestion(clause: ClauseView): boolean {
  const [first = '', second = '', third = ''] = clause.words;
  if (!AUXILIARIES.has(first) || second === '') return false;
  // "Don't take it personally": a negative command, unless a subject follows ("don't you think").
  if (second === 'not' && !SUBJECT_STARTS.has(third) && clause.isName[2] !== true) return false;
  // "Do the exercise", "Have a think": imperatives, unless a person follows.
  if (first === 'do' || first === 'have') {
    return (
      (SUBJECT_STARTS.has(second) &&
        !['a', 'an', 'the', 'some', 'this', 'that', 'it'].includes(second)) ||
      clause.isName[1] === true
    );
  }
  if (SUBJECT_STARTS.has(second) || clause.isName[1] === true) return true;
  // "Could be worse", "Would love to": elliptical statements start with a verb.
  return !isBaseVerbOnly(second) && !['been', 'be', 'love', 'like'].includes(second);
}

// "yes", "no", "okay" end a question only with a question mark; "right", "surely" and a reversed
// auxiliary ("haven't you") do without one.
const TAG_WITH_QUESTION_MARK = /^ (?:yes|yeah|no|ok|okay|eh|agreed|you know|true) $/;
const TAG_QUESTIONS: readonly RegExp[] = [
  /^ (?:right|correct|surely|innit|yes or no|am i right|is that right|is not that right|do not you think|would not you say|would not you agree) $/,
  /^ (?:is|are|was|were|do|does|did|have|has|had|can|could|will|would|should|shall) not (?:it|you|he|she|they|we|i|that|there) $/,
  /^ (?:is|are|was|were|do|does|did|have|has|had|can|could|will|would|should) (?:it|you|he|she|they|we|that) not $/,
];

function isTagQuestion(clause: ClauseView, previous: ClauseView | undefined): boolean {
  if (previous === undefined || previous.words.length < 2) return false;
  const text = ` ${clause.allWords.join(' ')} `;
  if (clause.isInQuestion && TAG_WITH_QUESTION_MARK.test(text)) return true;
  return TAG_QUESTIONS.some((pattern) => pattern.test(text));
}

interface QuestionReading {
  readonly form: QuestionForm;
  /** The words that ask: the whole clause, or the question inside it. */
  readonly clause: ClauseView;
}

function readQuestionForm(
  clause: ClauseView,
  previous: ClauseView | undefined,
): QuestionReading | undefined {
  if (isTagQuestion(clause, previous)) return { form: 'tag', clause };
  if (clause.words.length === 0) return undefined;
  if (isInvitation(clause)) return { form: 'invitation', clause };
  const whClause = skipPrepositionBeforeWh(clause);
  if (isWhQuestion(whClause)) return { form: 'wh', clause: whClause };
  if (isYesNoQuestion(clause)) return { form: 'yes-no', clause };
  const inner = findInnerQuestion(clause);
  if (inner !== undefined && isWhQuestion(inner)) return { form: 'wh', clause: inner };
  if (clause.isInQuestion && clause.isLastInSentence) return { form: 'declarative', clause };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Leading: the question carries advice or a verdict. Suggestions dressed as questions ("have you
// tried…", "why don't you…", "what if you…", "how about…"), negative questions that expect a yes
// ("isn't that…", "don't you think…"), pressure words ("really", "surely", "just"), verdict words
// in a yes/no question ("is that wise?"), and tags that ask for agreement ("…, right?").
// ---------------------------------------------------------------------------------------------

const LEADING_OPENINGS: readonly RegExp[] = [
  /^ have you (?:ever |not |already )?(?:tried|thought about|thought of|thought to|considered|looked into|explored|tried to)/,
  /^ did you (?:not )?(?:try|think about|think of|think to|consider)/,
  /^ (?:have|has|did|do|does|would|could|should|can|is|are|was|were|will) (?:you|it|that|this|he|she|they|we) not /,
  /^ (?:is|are|was|were|do|does|did|have|has|had|can|could|will|would|shall|should|may|might|must) not /,
  /^ why (?:not|do not|does not|did not|would not|wouldn't|would you|could not|can not|have not|has not|are not|is not|will not|should not|on earth|the hell) /,
  /^ why (?:\w+ )?(?:you|we) (?:not|just) /,
  /^ what if /,
  /^ how about /,
  /^ what about (?:just |simply |if |you |maybe |perhaps |\w+ing )/,
  /^ should (?:you|he|she|they|not) /,
  /^ surely /,
  /^ is it (?:not )?(?:time|possible) (?:you|that) /,
  /^ (?:could|might|can) it (?:not )?be (?:that )?/,
];

// Pressure on a yes/no answer; in a wh-question "what do you actually want?" is simply open.
const LEADING_YES_NO: readonly RegExp[] = [
  / (?:do|did|does) you (?:really|honestly|actually|seriously|genuinely|truly) (?:think|believe|want|need|expect|feel)/,
  / are you (?:sure|certain|really|seriously|honestly) /,
  / you (?:do not|did not|would not|never) (?:really )?(?:think|feel|see|agree)/,
  / really /,
];

const LEADING_ANYWHERE: readonly RegExp[] = [
  / (?:surely|obviously|of course|clearly) /,
  / do not you (?:think|feel|agree) /,
  / (?:could|can|would|will) you (?:not |just |simply |maybe |perhaps |possibly |not just )/,
  / would you (?:consider|think about|be willing to|try|be better off) /,
  / (?:would|could|might) (?:it|that|this) (?:not )?(?:be|make) (?:better|easier|smarter|wiser|simpler|safer|quicker|more|best|sense|worth|a good idea)/,
  / (?:just|simply) (?:ask|say|tell|cancel|talk|speak|call|email|send|go|do|let|stop|push|delegate|hand|quit|leave|ignore|accept|refuse|book|move|drop|skip|write|raise|explain|ring|message) /,
  / from (?:just|simply) \w+ing /,
];

const VERDICT_INTENSIFIER = / (?:too|a bit|a little|a tad|rather|overly) (\w+)/;

function hasVerdict(clause: ClauseView): boolean {
  if (clause.words.some((word) => JUDGEMENT_WORDS.has(word))) return true;
  if (
    clause.words.some((word) =>
      [
        'better',
        'easier',
        'wiser',
        'smarter',
        'overthinking',
        'overreacting',
        'wise',
        'sensible',
        'fair',
        'realistic',
        'reasonable',
        'best',
        'worst',
        'right',
        'wrong',
      ].includes(word),
    )
  ) {
    return true;
  }
  const intensified = VERDICT_INTENSIFIER.exec(clause.phrase);
  return intensified !== null && (classifyWord(intensified[1] ?? '') & WORD_CLASS.adjective) !== 0;
}

function isLeading(clause: ClauseView, form: QuestionForm): boolean {
  if (form === 'tag') return true;
  if (form === 'invitation') return false;
  if (LEADING_OPENINGS.some((pattern) => pattern.test(clause.phrase))) return true;
  if (LEADING_ANYWHERE.some((pattern) => pattern.test(clause.phrase))) return true;
  if (form === 'wh') return false;
  return LEADING_YES_NO.some((pattern) => pattern.test(clause.phrase)) || hasVerdict(clause);
}

// ---------------------------------------------------------------------------------------------
// Open or closed: open questions invite an expansive answer (what, how, why, and invitations);
// closed ones take yes/no or one fact (yes/no questions, which/who/when/where, how many/long,
// what time/day).
// ---------------------------------------------------------------------------------------------

const ONE_FACT_WH: readonly RegExp[] = [
  /^ (?:which|whose|whom|who) /,
  /^ how (?:many|much|long|often|old|far|soon|big|late|early|frequently|come) /,
  /^ what (?:time|day|date|year|month|week|number|percentage|size|version|room|floor|colour|color|name|platform|tool|app|company|team|role|title|grade|level|budget) /,
  /^ what (?:is|was|are|were) (?:the|your|her|his|their|our) (?:deadline|date|time|budget|name|number|cost|price|address|link|agenda|timeline|title|role|headcount|target|score|figure|total)s? /,
];
const OPEN_WHEN_WHERE =
  / (?:do|does|did|would|could|might) (?:you|they|he|she|it|that|this) (?:\w+ )?(?:think|feel|notice|imagine|come from|see yourself|want to be|(?:like|want) to (?:start|begin|focus|go from here|take this))/;

function isOpen(clause: ClauseView, form: QuestionForm): boolean {
  if (form === 'invitation') return true;
  if (form !== 'wh') return false;
  const [first = ''] = clause.words;
  if (first === 'when' || first === 'where' || first === 'who')
    return OPEN_WHEN_WHERE.test(clause.phrase);
  return !ONE_FACT_WH.some((pattern) => pattern.test(clause.phrase));
}

/** The kind of question an utterance asks, or undefined when it asks none. */
export function readQuestionTag(utterance: Utterance): QuestionTag | undefined {
  let isAnyQuestion = false;
  let isAnyOpen = false;
  for (const [index, whole] of utterance.clauses.entries()) {
    const reading = readQuestionForm(whole, utterance.clauses[index - 1]);
    if (reading === undefined) continue;
    const { form, clause } = reading;
    if (isLeading(clause, form)) return 'leading-question';
    isAnyQuestion = true;
    isAnyOpen ||= isOpen(clause, form);
  }
  if (!isAnyQuestion) return undefined;
  return isAnyOpen ? 'open-question' : 'closed-question';
}
