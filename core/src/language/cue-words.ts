// Closed word lists the tagger reads sentence structure with. Open classes (verbs, adjectives,
// names) come from the distilled compromise lexicon in word-classes.ts; these are the function
// words and the few semantic fields (feelings, judgements, mental states) that carry the tags.

const setOf = (words: string): ReadonlySet<string> => new Set(words.trim().split(/\s+/));

/** Auxiliaries and modals: a question starts with one when it inverts ("did you…", "is it…"). */
export const AUXILIARIES = setOf(`
  am is are was were do does did have has had can could will would shall should may
  might must`);

/** Words that may follow an inverted auxiliary as the subject of a yes/no question. */
export const SUBJECT_STARTS = setOf(`
  i you we he she they it that this these those there the a an your my his her their our its any
  anyone anybody anything everyone everybody everything someone somebody something no not nobody
  people all each every either one both now`);

export const PERSONAL_PRONOUNS = setOf('i you we he she they');

export const WH_WORDS = setOf('what how why who whom whose which when where');

/** Sounds and discourse markers that open an utterance without adding to what it does. */
export const FILLERS = setOf(`
  um umm uh uhh uhm erm er hmm hm mm mmm mhm mm-hmm ah ahh oh ooh so well okay right alright yeah
  yes yep yup yea no nope nah and but look listen honestly basically like anyway anyways actually
  now see cool sure fine honest ha haha lol oops whoops hey hi hello gosh wow ah-ha aha and-and then also plus`);

/** Two-word openers that work like fillers or hedges. */
export const FILLER_PAIRS = setOf(`
  i_mean you_know to_be kind_of sort_of you_see mind_you i_guess i_suppose i_think
  to_me all_right oh_well fair_enough got_it i_see of_course deep_down`);

/** Adverbs that may sit between a subject and its verb ("you really need to", "he never said"). */
export const ADVERBS_BEFORE_VERB = setOf(`
  just really definitely maybe perhaps probably possibly always never honestly seriously actually
  also still even only clearly obviously certainly genuinely truly totally completely absolutely
  constantly usually often sometimes rarely ever already again literally basically frankly
  personally then simply kinda`);

/** Words that may come before a command ("just ask her", "maybe try…", "please send…"). */
export const IMPERATIVE_OPENERS = setOf(`
  just simply definitely really maybe perhaps please honestly seriously first then instead also
  so now always never personally absolutely totally`);

/** Words between a copula and its complement ("you were really quite nervous"). */
export const INTENSIFIERS = setOf(`
  really so very quite too pretty rather a bit little somewhat slightly extremely incredibly super
  totally completely clearly obviously always just genuinely such more less most being kind sort
  of not never visibly noticeably fairly massively hugely deeply utterly a an probably maybe perhaps
  possibly definitely still also feeling getting way far much`);

/** Subordinators: a clause opening with one describes a circumstance ("when Tom disagreed"). */
export const SUBORDINATORS = setOf(
  'when whenever while whilst after before as once since until because if though although',
);

/** Verbs of mind and feeling: said of someone else, they guess at an inner state. */
export const MENTAL_VERBS = setOf(`
  think thinks thought feel feels felt want wants wanted care cares cared trust trusts trusted
  respect respects respected value values valued resent resents resented like likes liked hate hates
  hated fear fears feared believe believes believed know knows knew enjoy enjoys enjoyed love loves
  loved mind minds minded understand understands understood realise realises realised realize
  realizes realized envy envies envied prefer prefers preferred doubt doubts doubted worry worries
  worried blame blames blamed wish wishes wished expect expects expected lack lacks lacked mean
  means meant intend intends intended hope hopes hoped dislike dislikes disliked regret regrets
  regretted struggle struggles struggled panic panicked`);

/** Perception verbs that report how someone came across, a guess about them. */
export const SEEM_VERBS = setOf(`
  seem seems seemed look looks looked sound sounds sounded appear appears appeared feel feels felt
  come comes came`);

export const COPULAS = setOf(`
  am is are was were be been being become becomes became get gets got getting`);

/** Adjectives that describe a neutral, checkable state rather than judge ("your camera was off"). */
export const NEUTRAL_STATES = setOf(`
  late early first last second third off on online offline absent present away back out in muted
  unmuted here there next alone done finished available new same ready silent quiet visible
  invisible live open closed full empty busy free missing unavailable over behind ahead loud louder
  quieter fast faster slow slower long longer short shorter high higher low lower still red
  flushed shaky`);

/** Feelings and inner states: said of someone else, they are an interpretation. */
export const FEELING_WORDS = setOf(`
  nervous anxious scared afraid frightened angry furious upset frustrated annoyed irritated
  embarrassed ashamed overwhelmed stressed worried confused disappointed hurt offended threatened
  intimidated excited bored tired exhausted stuck lost ignored sidelined undervalued unappreciated
  distracted rattled flustered defensive uncomfortable insecure confident happy sad unhappy
  jealous envious resentful proud relieved tense uneasy calm relaxed keen reluctant hesitant
  motivated demotivated disengaged engaged committed uncommitted interested uninterested curious
  impatient patient frosty cold hostile passionate burnt burned-out fed content`);

/** Verdicts on work or behaviour, whoever or whatever they are said of. */
export const JUDGEMENT_WORDS = setOf(`
  sloppy lazy rude arrogant unprofessional professional dismissive passive-aggressive aggressive
  difficult negative careless reckless selfish naive weak poor bad terrible awful disaster mess
  shambles failure useless pointless hopeless incompetent unprepared disorganised disorganized
  messy chaotic pushy bossy controlling manipulative unfair unreasonable unrealistic harsh risky
  wrong mistake silly stupid crazy ridiculous inappropriate disrespectful condescending patronising
  patronizing abrupt cold blunt vague confusing muddled rambling boring arrogant cocky smug
  stubborn rigid inflexible defensive dishonest unreliable flaky clueless out-of-touch unclear
  overbearing overconfident underprepared ineffective rushed half-baked shoddy thin long-winded
  waffly disjointed incomplete lacklustre lackluster mediocre unacceptable amateurish overreaction
  overkill`);

/** Nouns that label a person ("you're a perfectionist", "he's a bully"). */
export const LABEL_NOUNS = setOf(`
  perfectionist natural bully micromanager control-freak people-pleaser pushover show-off
  introvert extrovert liability genius idiot star rockstar hero victim martyr workaholic
  procrastinator troublemaker diva snob coward leader manager`);

/** Behaviour read as a motive ("showing off", "trying to…"). */
export const MOTIVE_GERUNDS = setOf(`
  showing trying avoiding hiding sulking overreacting overthinking pretending playing testing
  protecting posturing deflecting dodging undermining sabotaging manipulating fishing`);

/** Nouns for people: a subject that is one of these is someone's behaviour, not a thing's. */
export const PERSON_NOUNS = setOf(`
  manager managers boss bosses team teams colleague colleagues client clients customer customers
  director directors lead leads peer peers staff stakeholder stakeholders partner mentor coach
  ceo cto cfo coo sponsor hr group department board member members people everyone everybody
  someone somebody nobody anyone supplier suppliers vendor vendor users user engineer engineers
  designer developer developers analyst chair facilitator coachee challenger observer friend
  husband wife kids family hire hires founder owner head reports sister brother mum mom dad`);

export const NUMBER_WORDS = setOf(`
  one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
  seventeen eighteen nineteen twenty thirty forty fifty sixty hundred once twice half dozen`);

/** Days, months and clock words: details that make a statement checkable. */
export const DATE_WORDS = setOf(`
  monday tuesday wednesday thursday friday saturday sunday january february march april june
  july august september october november december yesterday midnight midday noon o'clock`);

/** Base verbs that open a clause without making it a command. */
export const NON_IMPERATIVE_VERBS = setOf(`
  thank thanks sorry please love hope guess wonder mean bet reckon suppose hear agree feel think
  know wish miss need want mind like welcome excuse pardon bless imagine see hang hold bear
  cheer cheers fair great good nice lovely perfect cool brilliant amazing awesome right bye`);

/** Things a speaker asks consent to offer: the object of a permission. */
export const CONTRIBUTION_NOUNS = setOf(`
  feedback idea ideas suggestion suggestions thought thoughts observation observations reflection
  reflections perspective perspectives view take advice tip tips opinion input question questions
  challenge hunch angle insight insights experience story pattern two cents role-play roleplay
  role-playing roleplaying proposal offer permission consent blessing`);

/** Verbs a speaker uses to offer something after "can I…", "mind if I…". */
export const CONTRIBUTION_VERBS = setOf(`
  offer share give suggest make ask challenge push point add say tell reflect propose mention
  raise play bring throw jump come chip offer name be try role-play roleplay practise practice
  rehearse act interrupt gently pick probe dig explore`);

/** Praise words that turn a copula or a noun phrase into appreciation ("that was brilliant"). */
export const PRAISE_WORDS = setOf(`
  great brilliant excellent amazing fantastic wonderful superb outstanding impressive inspiring
  powerful thoughtful insightful generous brave courageous helpful useful valuable lovely awesome
  fab fabulous terrific incredible kind supportive sharp good nice beautiful smart wise clever
  stellar phenomenal spot-on perfect`);

export const PRAISE_NOUNS = setOf(`
  question questions point points work job stuff idea ideas summary session effort facilitation
  reframe reframing insight insights listening notes challenge catch progress presentation
  contribution share sharing example thinking timekeeping`);
