import {
  COPULAS,
  FEELING_WORDS,
  IMPERATIVE_OPENERS,
  INTENSIFIERS,
  JUDGEMENT_WORDS,
  LABEL_NOUNS,
  MENTAL_VERBS,
  MOTIVE_GERUNDS,
  NEUTRAL_STATES,
  NON_IMPERATIVE_VERBS,
  NUMBER_WORDS,
  PERSONAL_PRONOUNS,
  PRAISE_NOUNS,
  PRAISE_WORDS,
  SEEM_VERBS,
  SUBORDINATORS,
  DATE_WORDS,
} from './cue-words.js';
import { QUOTE_WORD } from './split-clauses.js';
import { readSubject } from './read-clause.js';
import type { ClauseView, Utterance } from './read-clause.js';
import { WORD_CLASS, classifyWord } from './word-classes.js';

const anyMatch = (patterns: readonly RegExp[], text: string): boolean =>
  patterns.some((pattern) => pattern.test(text));

// ---------------------------------------------------------------------------------------------
// Commitment: the speaker binds themself to a future action. "I'll…", "I'm going to…", "I commit
// to…", "my experiment this week is…", "let me…", or "I'm calling her tomorrow" (a plan in the
// present tense with a time ahead).
// ---------------------------------------------------------------------------------------------

// Meeting housekeeping uses the same grammar but binds nobody to anything.
const NOT_A_COMMITMENT =
  / (?:i|we) (?:will|shall|am going to|are going to) (?:not )?(?:just |probably |definitely )?(?:be (?:honest|frank|blunt|brief|quick|right back|back|able|there|fine|okay|ok|happy|glad)|admit|say this|tell you what|let you (?:go|speak|finish|know what i think)|hand (?:over|it over|back)|pass (?:over|it|to|back)|stop sharing|share my screen|mute|unmute|go first|see (?:you|how it goes)|leave it there|leave you to it|jump off|drop off|have to (?:leave|go|drop|jump)|think about it|think it over|see)/;

const COMMITMENTS: readonly RegExp[] = [
  / (?:i|we) (?:really |definitely |certainly |absolutely |probably |honestly )?(?:will|shall) /,
  / (?:i|we) (?:am|are) (?:definitely |really |probably |just |actually |totally |absolutely |so |certainly )?going to /,
  / (?:i|we) (?:commit|promise|pledge|vow|resolve|plan|intend|aim) (?:to|that|myself|ourselves) /,
  / (?:i|we) (?:am|are) committing /,
  / (?:i|we) have (?:decided|committed|resolved|promised) /,
  / (?:my|our) (?:experiment|commitment|action|next step|next action|plan|goal|intention|homework|task|focus|promise|one thing|step|action point|pledge|challenge to myself)(?: for| this| next| before| over| until| by| \w+){0,4} (?:is|will be) (?:to |that i |going to )?/,
  / what (?:i|we) (?:will|am going to|are going to) do is /,
  / leave it with me /,
  / i will have /,
];

const LET_ME = / let (?:me|us) (\w+) /;
const LET_ME_NOT_COMMITTING = new Set([
  'think',
  'see',
  'know',
  'just',
  'pause',
  'mute',
  'unmute',
  'get',
  'grab',
  'finish',
  'start',
  'begin',
  'move',
  'recap',
  'summarise',
  'summarize',
  'explain',
  'ask',
  'be',
  'try',
  'go',
  'check',
]);

const FUTURE_TIME =
  / (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tomorrow|tonight|later today|this (?:afternoon|evening|morning|week|weekend|month|friday|monday|tuesday|wednesday|thursday)|next (?:week|month|time|session|monday|tuesday|wednesday|thursday|friday|sprint|quarter)|on (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)|by (?:monday|tuesday|wednesday|thursday|friday|the end|tomorrow|tonight|next|then)|first thing|before (?:we meet|next|the next|friday|monday)|after (?:this|the) (?:call|session|meeting))/;
const PRESENT_PLAN =
  / (?:i|we) (?:am|are) (?!feeling|thinking|wondering|hoping|trying|struggling|finding|getting|being|going)\w+ing /;
const WANT_TO = / (?:i|we) (?:want|need|would like|hope|mean) to (?!think|say|be )/;
const CAN_DO =
  / (?:i|we) can (?:definitely |probably |easily )?(?:do|send|have|get|finish|book|bring|share|make|call|write|sort|draft|set up) /;
// Short acceptances of a task: "Will do.", "On it."
const ACCEPTANCES =
  /^ (?:will do|can do|on it|i am on it|consider it done|leave it with me|i will do that|sure i will)/;
const ARRANGED =
  / (?:i|we) have (?:already |just )?(?:set|booked|scheduled|blocked|put|added|arranged|signed up|registered|planned|organised|organized|asked|emailed|invited) /;

export function isCommitment(utterance: Utterance): boolean {
  for (const clause of utterance.clauses) {
    const text = clause.phrase;
    if (NOT_A_COMMITMENT.test(text)) continue;
    if (ACCEPTANCES.test(` ${clause.allWords.join(' ')} `)) return true;
    if (anyMatch(COMMITMENTS, text)) return true;
    const letMe = LET_ME.exec(text);
    if (
      letMe !== null &&
      text.startsWith(' let me ') &&
      !LET_ME_NOT_COMMITTING.has(letMe[1] ?? '')
    ) {
      return true;
    }
    const isPlan =
      PRESENT_PLAN.test(text) || WANT_TO.test(text) || ARRANGED.test(text) || CAN_DO.test(text);
    if (isPlan && FUTURE_TIME.test(utterance.phrase)) {
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------------------------
// Appreciation: thanks or recognition. Thanks words, "I appreciate/value/loved…", praise of a
// contribution ("great question", "that really helped", "that was brilliant").
// ---------------------------------------------------------------------------------------------

// A one-word cheer ("Nice!", "Brilliant.") recognises what was just said.
const PRAISE_ALONE =
  /^ (?:nice|lovely|brilliant|excellent|fantastic|amazing|awesome|wonderful|superb|bravo|yay|legend|nicely done|good on you|go you|good for you|love it|love that|great stuff|good stuff|you star|you legend) $/;
const APPRECIATION_OPENINGS =
  /^ (?:thanks|thank you|thank|cheers|kudos|bravo|congrats|congratulations|well done|nice one|hats off|props|shout ?-?out|credit to|respect to|big thanks|massive thanks|many thanks|huge thanks|much appreciated|love (?:that|this|it|how|the way|your))/;
const APPRECIATION_ANYWHERE: readonly RegExp[] = [
  / (?:appreciate|appreciated|appreciating|grateful|thankful|gratitude|kudos) /,
  / (?:i|we) (?:\w+ ){0,3}(?:thank|value|valued|admire|admired|loved|love|enjoyed|enjoy) (?:you|your|how|the way|that|this|it|having|what|working|hearing|seeing)/,
  / well done /,
  / (?:i|we) (?:\w+ ){0,3}(?:acknowledge|recognise|recognize|celebrate|honour|honor|commend|applaud) /,
  / (?:that|this|it|you|your|the) (?:\w+ )?(?:really |so |have |has |just |genuinely |actually )*(?:helped|helps)/,
  / (?:helped|helps) (?:a lot|so much|loads|massively|hugely|me|us) /,
  / (?:meant|means) (?:a lot|so much|the world) /,
  / (?:such|a|a real|a big|a huge) help /,
  / made my (?:day|week) /,
  / proud of (?:you|your|all of you|everyone|the team) /,
  / your (?:\w+ )?(?:really |clearly |definitely )?(?:showed|shows|shone|shines|paid off|pays off) /,
  / you did (?:a |an |such a |such an )?(?:\w+ )?(?:job|work) /,
  / (?:really|so|very|incredibly|brilliantly|beautifully) well /,
  / (?:that|this|it|your \w+|you) (?:really |just |genuinely )*(?:made|makes|got|gets) me (?:think|reflect|see|realise|realize|smile|rethink|laugh)/,
  / (?:brilliantly|superbly|beautifully|amazingly|wonderfully|fantastically|excellently|impressively|expertly|gracefully|skilfully|skillfully|masterfully) /,
];

function hasPraise(clause: ClauseView): boolean {
  const { words } = clause;
  for (let index = 0; index < words.length; index += 1) {
    if (!PRAISE_WORDS.has(words[index] ?? '')) continue;
    if (PRAISE_NOUNS.has(words[index + 1] ?? '')) return true;
    // "What a lovely thing to say", "such a kind thing to do"
    if (
      ['a', 'an'].includes(words[index - 1] ?? '') &&
      ['what', 'such'].includes(words[index - 2] ?? '')
    ) {
      return true;
    }
    // "that was brilliant", "you were so generous": praise after a copula, not after "seemed";
    // "too nice" is a criticism.
    let back = index - 1;
    while (back >= 0 && INTENSIFIERS.has(words[back] ?? '')) {
      if (words[back] === 'too') return false;
      back -= 1;
    }
    const verb = words[back] ?? '';
    const subject = words[back - 1] ?? '';
    const isPraiseCopula = ['was', 'were', 'is', 'are', 'been'].includes(verb);
    if (isPraiseCopula && subject !== 'i' && subject !== 'we' && subject !== 'it') return true;
  }
  return false;
}

export function isAppreciation(utterance: Utterance): boolean {
  return utterance.clauses.some(
    (clause) =>
      APPRECIATION_OPENINGS.test(` ${clause.allWords.join(' ')} `) ||
      APPRECIATION_OPENINGS.test(clause.phrase) ||
      PRAISE_ALONE.test(` ${clause.allWords.join(' ')} `) ||
      anyMatch(APPRECIATION_ANYWHERE, clause.phrase) ||
      hasPraise(clause),
  );
}

// ---------------------------------------------------------------------------------------------
// Imperatives: a clause that opens (after "just", "maybe", "please"…) with a base verb, or with
// "don't"/"never" and a verb, tells the listener what to do.
// ---------------------------------------------------------------------------------------------

const NOT_IMPERATIVE_PHRASES =
  /^ (?:hang on|hold on|bear with|give me (?:a|one) (?:sec|second|minute|moment|mo)|see you|speak soon|talk soon|catch you|excuse me|good (?:morning|afternoon|evening)|welcome|let (?:us|me) |mind you|guess what|fair enough|never mind|say more|take care|have a (?:good|great|nice|lovely)|wait (?:a|one) (?:sec|second|minute|moment|mo)|wait $|back (?:in|soon|shortly|with you|now))/;

function isImperativeClause(clause: ClauseView): boolean {
  const { words } = clause;
  let index = 0;
  while (IMPERATIVE_OPENERS.has(words[index] ?? '') && index < 3) index += 1;
  if (words[index] === 'do' && words[index + 1] === 'not') index += 2;
  else if (words[index] === 'never') index += 1;
  const verb = words[index] ?? '';
  if (verb === '' || NON_IMPERATIVE_VERBS.has(verb)) return false;
  if (NOT_IMPERATIVE_PHRASES.test(` ${words.slice(index).join(' ')} `)) return false;
  if (verb === 'be') return index + 1 < words.length; // "Be honest with him"
  const bits = classifyWord(verb);
  if ((bits & WORD_CLASS.verb) === 0) return false;
  // "Check is done", "Book club was fun": a noun subject, not a command.
  const next = words[index + 1] ?? '';
  if (
    ['is', 'was', 'are', 'were', 'has', 'have', 'had', 'will', 'would', 'can', 'could'].includes(
      next,
    )
  )
    return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Feedforward: an optional, future-facing suggestion. A future frame ("next time", "going
// forward", "in future", "in the next stand-up") with a suggestion to the listener, or the
// optional modals on their own ("you could", "you might want to", "it might help to").
// ---------------------------------------------------------------------------------------------

// "Next time", "going forward": the suggestion is about the future in general.
const GENERAL_FUTURE_FRAMES: readonly RegExp[] = [
  / next (?:time|round) /,
  / (?:going|moving) forward /,
  / from now on /,
  / (?:in|for) (?:the )?future /,
  / when (?:this|it|that|something like this|he|she|they) (?:\w+ )?(?:happens|comes up|crops up|arises|does that) again /,
  / if (?:this|it|that|he|she|they) (?:\w+ )?(?:happens|comes up|does that|does it) again /,
  / (?:when|if|whenever) (?:you|this|it|that|he|she|they) (?:\w+ ){1,6}again /,
  / (?:idea|thought|suggestion|option|tip) for (?:the )?next /,
];
// "In the next stand-up", "next week": a date for the action, which may still be an order.
const SPECIFIC_FUTURE_FRAMES: readonly RegExp[] = [
  / next (?:one|session|meeting|presentation|week|month|quarter|sprint|cycle|review|stand-up|standup|retro|workshop|call|conversation|one-to-one|project|pitch|talk|demo|email)/,
  / (?:in|at|for|during|before) (?:the |your |our )?(?:next|upcoming|coming|following|future) /,
];
const STRONG_OBLIGATION =
  / (?:should|must|ought to|need to|have to|have got to|got to|had better) /;

const OPTIONAL_SUGGESTIONS: readonly RegExp[] = [
  / what (?:might|could|would|may) (?:work|help|be (?:useful|helpful|worth)) /,
  / you (?:could|might|may) (?!have |be |not have |already )/,
  / (?:it|that) (?:might|may|could|would) (?:be )?(?:help|helpful|useful|worth|worthwhile|an idea|a good idea|good to|nice to|interesting to)/,
  / (?:might|could|may) be (?:worth|useful|helpful|an idea|a good idea) /,
  / (?:one|another|an) (?:thing|option|idea|approach|experiment) (?:you could|to try|worth|for|might be|could be|is to|would be)/,
  / something (?:you could|you might|to try|to experiment|worth)/,
  / (?:something|things) to (?:try|experiment|play) /,
  / (?:an|one) option (?:is|would be|could be|might be) /,
  / you (?:could|might) (?:also )?(?:experiment|consider|try|explore|think about|play with)/,
];

const ADDRESSES_LISTENER = / (?:you|your|yourself) /;

export function isFeedforward(utterance: Utterance): boolean {
  const { phrase } = utterance;
  if (anyMatch(OPTIONAL_SUGGESTIONS, phrase)) return true;
  const isGeneral = anyMatch(GENERAL_FUTURE_FRAMES, phrase);
  if (!isGeneral && !anyMatch(SPECIFIC_FUTURE_FRAMES, phrase)) return false;
  const isSuggestion =
    ADDRESSES_LISTENER.test(phrase) ||
    utterance.clauses.some(isImperativeClause) ||
    / (?:maybe|perhaps|try|idea|option|suggestion|thought|tip|experiment) | (?:would|could|might) be to /.test(
      phrase,
    );
  return isSuggestion && (isGeneral || !STRONG_OBLIGATION.test(phrase));
}

// ---------------------------------------------------------------------------------------------
// Advice: tells the listener what to do. "You should/need to/have to/must", "if I were you",
// "my advice is", "I'd recommend", "I would just…", or an imperative.
// ---------------------------------------------------------------------------------------------

const ADVICE_PHRASES: readonly RegExp[] = [
  / you (?:really |just |definitely |probably |honestly |seriously |absolutely |so )*(?:should|must(?! have | be | feel)|ought to|need to|have to|have got to|got to|had better|better) /,
  / you (?:would|will) (?:probably |definitely |really )?be (?:better off|wise|best|smart) /,
  / it (?:is|would be|will be) (?:\w+ )?(?:best|better|wise|wiser|smart|sensible|important|essential|crucial|vital|key) (?:to (?!me |us |him |her |them )\w+|if you|that you|for you to) /,
  / you (?:have |had )?(?:just |really |simply |definitely )*got to /,
  / you (?:do not|never) (?:need|have) to /,
  / if i (?:were|was) you /,
  / (?:in|from) your (?:shoes|position|place|situation) /,
  / if it (?:were|was) me /,
  / (?:my|our) (?:advice|recommendation|suggestion|tip|two cents) /,
  / i (?:would |will |am going to )?(?:strongly |really |definitely |honestly )?(?:suggest|recommend|advise|urge|encourage you) /,
  / the (?:best|key|trick|answer|solution|smart|right|only|obvious|simplest|easiest) (?:thing |move |option |way |approach |step )?(?:to do |here )?(?:is|would be|will be) (?:to|that you|just|for you) /,
  / the (?:\w+ )?(?:thing|move|step) to do (?:here |now )?(?:is|would be|will be) /,
  / the sooner you (?:\w+ ){1,5}the better /,
  / you (?:can not|could not) (?:keep|go on|continue|carry on|just) /,
  / the (?:best|only|smartest|right|first) (?:thing|move|step) (?:you can do|you could do|for you|you can|you could) (?:here |now )?(?:is|would be) /,
  / what you (?:need|have|ought|should|want) to do is /,
  / what i would (?:\w+ )?do is /,
  / you want to (?:make sure|be careful|avoid|get|stop|start) /,
  / (?:make|be) sure (?:you|to) /,
];
// "I would just ignore it", "I'd wait": the speaker's choice offered as the listener's.
const WOULD_DO =
  / i would (?:just |definitely |probably |honestly |personally |simply |really |also |then )*(\w+)/;
const WOULD_NOT_ADVICE = new Set([
  'say',
  'guess',
  'think',
  'imagine',
  'like',
  'love',
  'want',
  'hate',
  'bet',
  'wonder',
  'agree',
  'be',
  'hope',
  'feel',
  'prefer',
  'have',
  'need',
  'rather',
  'not',
  'add',
  'argue',
  'describe',
  'call',
  'put',
]);

export function isAdvice(utterance: Utterance): boolean {
  const { phrase } = utterance;
  if (anyMatch(ADVICE_PHRASES, phrase)) return true;
  const wouldDo = WOULD_DO.exec(phrase);
  if (wouldDo !== null) {
    const verb = wouldDo[1] ?? '';
    if (!WOULD_NOT_ADVICE.has(verb) && (classifyWord(verb) & WORD_CLASS.verb) !== 0) return true;
  }
  return utterance.clauses.some(isImperativeClause);
}

// ---------------------------------------------------------------------------------------------
// Observation, interpretation or other. Each clause is read for who it is about and what is said
// of them: a judgement, a feeling, a motive or a label is an interpretation; a specific action
// or a checkable fact about someone else is an observation; anything about the speaker
// themself, the meeting's housekeeping or small talk is other.
// ---------------------------------------------------------------------------------------------

const INFERENCE_FRAMES: readonly RegExp[] = [
  / i (?:think|reckon|guess|suspect|bet|sense|imagine|believe|feel like|feel that|get the (?:sense|feeling|impression)|have a feeling|would guess|would say|am sure) (?:that )?(?:\w+ ){0,6}(?:you|he|she|they|your|his|her|their) /,
  / (?:it|that|this|he|she|you|they) (?:\w+ )?(?:sounds|sounded|seems|seemed|looks|looked|felt|feels) (?:like|as if|as though|to me like|that) /,
  /^ (?:sounds|seems|looks|felt|feels) like /,
  / my (?:sense|guess|read|hunch|impression|feeling|gut feeling) is /,
  / (?:obviously|clearly|evidently|apparently|must have|must be|probably felt|probably thought) /,
  / out of (?:his|her|their|your|my) (?:depth|comfort zone|element|league|mind) /,
  / lost (?:your|his|her|their|my) (?:temper|cool|nerve|head|rag|way) /,
  / (?:came|come|comes|coming) (?:across|over) (?:as|like) /,
];

const GENERALISATIONS = / (?:always|never|constantly|forever|every single time|all the time) /;

/** Where the complement of a copula starts, past "really", "a bit", "so"… */
function skipIntensifiers(words: readonly string[], from: number): number {
  let index = from;
  while (INTENSIFIERS.has(words[index] ?? '') && index < from + 5) index += 1;
  return index;
}

// "one" is as often a pronoun ("one of those weeks") as a count, so it is not a detail.
const isNumeric = (word: string): boolean =>
  /^\d/.test(word) || (NUMBER_WORDS.has(word) && word !== 'one');

/**
 * Counts, days, dates and quoted words: details anyone present could check. A unit of time counts
 * only with a number ("ten minutes late"), since "a long week" checks nothing.
 */
export function countConcreteDetails(utterance: Utterance): number {
  let count = 0;
  for (const clause of utterance.clauses) {
    for (const word of clause.allWords) {
      if (isNumeric(word) || DATE_WORDS.has(word) || word === QUOTE_WORD) count += 1;
    }
  }
  return count;
}

/**
 * - interpretation / observation: what the clause says of someone else;
 * - habit: how someone usually is or does ("he micromanages everyone"): an interpretation, unless
 *   the utterance pins it to checkable details, when it is an observation;
 * - fact: a neutral statement about someone or something else ("the report was submitted…"),
 *   an observation when it carries a checkable detail;
 * - speaker: about the speaker themself; neutral: nothing to read.
 */
type ClauseReading = 'interpretation' | 'observation' | 'habit' | 'fact' | 'speaker' | 'neutral';

// "I noticed…", "I can see…", "I could tell…": what follows is read for what it says.
const OBSERVING_VERBS =
  /^ (?:i|we) (?:\w+ )?(?:noticed|saw|heard|observed|counted|watched|spotted|clocked|timed|tracked|see|notice|tell|sense) (?:that )?/;
const LOOKED_AT = new Set([
  'at',
  'down',
  'away',
  'up',
  'over',
  'around',
  'round',
  'out',
  'through',
  'back',
  'into',
  'across',
]);

function readPredicate(
  words: readonly string[],
  verbAt: number,
  isAboutPerson: boolean,
): ClauseReading {
  let index = verbAt;
  let isNegated = false;
  if (['do', 'does', 'did'].includes(words[index] ?? '') && words[index + 1] === 'not') {
    index += 2;
    isNegated = true;
  }
  while (['really', 'just', 'even', 'ever', 'actually'].includes(words[index] ?? '')) index += 1;
  const verb = words[index] ?? '';
  if (verb === '') return 'fact';

  if (
    MENTAL_VERBS.has(verb) &&
    isAboutPerson &&
    !(verb === 'looked' && LOOKED_AT.has(words[index + 1] ?? ''))
  ) {
    return 'interpretation';
  }
  if (SEEM_VERBS.has(verb)) {
    const next = words[index + 1] ?? '';
    // "came across as…" is a reading of someone; "came two days later" is what happened.
    const isCome = verb.startsWith('c');
    if (LOOKED_AT.has(next) && !(isCome && ['across', 'over'].includes(next))) return 'observation';
    if (isCome && !['across', 'over', 'off'].includes(next)) return 'observation';
    if (isAboutPerson) return 'interpretation';
  }

  const isCopula =
    COPULAS.has(verb) ||
    ((verb === 'has' || verb === 'have' || verb === 'had') && words[index + 1] === 'been');
  if (isCopula) {
    const complementAt = skipIntensifiers(words, index + (words[index + 1] === 'been' ? 2 : 1));
    const complement = words[complementAt] ?? '';
    if (complement === '') return 'fact';
    if (
      isAboutPerson &&
      complement.endsWith('ing') &&
      (classifyWord(complement) & WORD_CLASS.gerund) !== 0
    ) {
      // "you're holding back": an ongoing manner, read like a habit; "he's leaving" is a plan.
      return LOGISTICS_GERUNDS.has(complement) ? 'fact' : 'habit';
    }
    if (MOTIVE_GERUNDS.has(complement)) return isAboutPerson ? 'interpretation' : 'neutral';
    if (JUDGEMENT_WORDS.has(complement) || LABEL_NOUNS.has(complement)) return 'interpretation';
    if (isAboutPerson) {
      if (FEELING_WORDS.has(complement)) return 'interpretation';
      if (NEUTRAL_STATES.has(complement) || isNumeric(complement) || complement === 'the')
        return 'observation';
      const bits = classifyWord(complement);
      if ((bits & WORD_CLASS.adjective) !== 0) return 'interpretation';
      if ((bits & WORD_CLASS.past) !== 0) return 'observation';
    }
    return 'fact';
  }
  if (isNegated) return (classifyWord(verb) & WORD_CLASS.verb) !== 0 ? 'observation' : 'neutral';
  const bits = classifyWord(verb);
  // "you've missed three sessions", "you haven't looked at the camera"
  const participle = words[index + (words[index + 1] === 'not' ? 2 : 1)] ?? '';
  if ((verb === 'has' || verb === 'have') && (classifyWord(participle) & WORD_CLASS.past) !== 0) {
    return 'observation';
  }
  if ((bits & WORD_CLASS.past) !== 0 || verb === 'had' || verb.endsWith("'d")) return 'observation';
  // "He micromanages everyone", "you interrupt people": a claim about how someone is. Right
  // after a pronoun, a word the lexicon lacks is a verb by its place ("she undermines you").
  const isVerbByPlace = verbAt === 1 && PERSONAL_PRONOUNS.has(words[0] ?? '') && bits === 0;
  if (isAboutPerson && ((bits & (WORD_CLASS.present | WORD_CLASS.verb)) !== 0 || isVerbByPlace)) {
    return 'habit';
  }
  return 'fact';
}

// Gerunds after "is/are" that report logistics, not a manner ("she's joining late").
const LOGISTICS_GERUNDS = new Set([
  'going',
  'coming',
  'leaving',
  'joining',
  'working',
  'starting',
  'moving',
  'travelling',
  'traveling',
  'staying',
  'running',
  'sitting',
  'waiting',
  'presenting',
  'visiting',
  'flying',
  'driving',
  'dialling',
  'dialing',
  'calling',
  'hosting',
  'chairing',
  'leading',
]);

const SCENE_PREPOSITIONS = new Set([
  'in',
  'at',
  'on',
  'during',
  'over',
  'after',
  'before',
  'since',
  'throughout',
  'across',
  'within',
  'by',
  'from',
  'for',
  'through',
  'last',
  'this',
  'yesterday',
  'today',
]);

/** "In the demo you skipped…": where the subject starts after a scene-setting phrase. */
function skipScene(words: readonly string[], isName: readonly boolean[], from: number): number {
  if (!SCENE_PREPOSITIONS.has(words[from] ?? '')) return from;
  for (let index = from + 1; index < words.length && index <= from + 7; index += 1) {
    if (
      ['you', 'he', 'she', 'they', 'i', 'we'].includes(words[index] ?? '') ||
      isName[index] === true
    ) {
      return index;
    }
  }
  return from;
}

/**
 * "When I mentioned the deadline you sat back": where the main clause starts after a leading
 * subordinate clause written without a comma, or -1.
 */
function findMainClause(words: readonly string[], isName: readonly boolean[]): number {
  for (let index = 3; index < words.length - 1; index += 1) {
    const word = words[index] ?? '';
    if (!['you', 'he', 'she', 'they'].includes(word) && isName[index] !== true) continue;
    const next = words[index + 1] ?? '';
    const bits = classifyWord(next);
    const isVerb =
      AUXILIARIES_AND_COPULAS.has(next) ||
      (bits & (WORD_CLASS.past | WORD_CLASS.present)) !== 0 ||
      ['just', 'really', 'then', 'immediately', 'never', 'always'].includes(next);
    if (isVerb) return index;
  }
  return -1;
}

const AUXILIARIES_AND_COPULAS = new Set([
  ...COPULAS,
  'do',
  'does',
  'did',
  'have',
  'has',
  'had',
  'will',
  'would',
  'can',
  'could',
]);
const READING_STRENGTH: Readonly<Record<ClauseReading, number>> = {
  interpretation: 5,
  observation: 4,
  habit: 3,
  fact: 2,
  neutral: 1,
  speaker: 0,
};

function readClause(words: readonly string[], isName: readonly boolean[]): ClauseReading {
  if (SUBORDINATORS.has(words[0] ?? '')) {
    const main = findMainClause(words, isName);
    if (main > 0) {
      const circumstance = readClause(words.slice(1, main), isName.slice(1, main));
      const reading = readClause(words.slice(main), isName.slice(main));
      return READING_STRENGTH[circumstance] > READING_STRENGTH[reading] ? circumstance : reading;
    }
  }
  let start = 0;
  // "When Tom disagreed, …", "after the call she…": read the circumstance's own clause.
  while (SUBORDINATORS.has(words[start] ?? '')) start += 1;
  start = skipScene(words, isName, start);
  const rest = words.slice(start);
  const restNames = isName.slice(start);
  const phrase = ` ${rest.join(' ')} `;
  if (anyMatch(INFERENCE_FRAMES, phrase)) return 'interpretation';
  const observing = OBSERVING_VERBS.exec(phrase);
  if (observing !== null) {
    const skipped = observing[0].trim().split(' ').length;
    const reading = readClause(rest.slice(skipped), restNames.slice(skipped));
    return reading === 'interpretation' ? 'interpretation' : 'observation';
  }
  const subject = readSubject(rest, restNames);
  if (subject.kind === 'none') return 'neutral';
  if (subject.kind === 'speaker') return 'speaker';
  const isAboutPerson = subject.kind !== 'thing';
  if (isAboutPerson && GENERALISATIONS.test(phrase)) return 'interpretation';
  return readPredicate(rest, subject.verbAt, isAboutPerson);
}

export type StatementReading = 'observation' | 'interpretation' | 'other';

export function readStatement(utterance: Utterance): StatementReading {
  let hasObservation = false;
  let hasHabit = false;
  let hasFact = false;
  let hasSpeaker = false;
  for (const clause of utterance.clauses) {
    // "I think…" is skipped as a hedge when reading structure, but it frames a guess.
    if (anyMatch(INFERENCE_FRAMES, ` ${clause.allWords.join(' ')} `)) return 'interpretation';
    const reading = readClause(clause.words, clause.isName);
    if (reading === 'interpretation') return 'interpretation';
    hasObservation ||= reading === 'observation';
    hasHabit ||= reading === 'habit';
    hasSpeaker ||= reading === 'speaker';
    hasFact ||=
      reading === 'fact' ||
      (reading === 'neutral' && / (?:you|your|he|she|they|his|her|their) /.test(clause.phrase));
  }
  const hasDetails = countConcreteDetails(utterance) > 0;
  if (hasHabit && !hasObservation) return hasDetails ? 'observation' : 'interpretation';
  if (hasObservation) return 'observation';
  if (hasFact && !hasSpeaker && countConcreteDetails(utterance) > 0) return 'observation';
  return 'other';
}
