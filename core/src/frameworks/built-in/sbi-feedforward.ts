import { minutesToMs } from '../../units.js';
import type { Framework } from '../model.js';

// The coachee prepares a piece of feedback they want to give someone: Situation, Behaviour and
// Impact keep it to what happened, feedforward turns it towards next time, and the session ends
// with a script, one sentence to remember and a practice run.
export const SBI_FEEDFORWARD: Framework = {
  id: 'sbi-feedforward',
  name: 'SBI plus feedforward',
  kind: 'coaching',
  summary:
    'Prepare feedback you want to give: the situation, the behaviour and its impact, an idea for next time, a script in your own words, then a practice run.',
  minPeople: 2,
  maxPeople: 6,
  stages: [
    {
      id: 'norms-and-consent',
      kind: 'opening',
      name: 'Norms, signals and consent',
      purpose: 'Agree how we work together today, so everyone can take part safely.',
      timeboxMs: minutesToMs(3),
      rules: {},
      prompts: {
        everyone: [
          'What is said here stays here, including who the feedback is for.',
          'Agree a signal for “let’s pause”, for example a raised hand.',
          'Airtime tracking helps us share the floor. Anyone can opt out, no questions asked.',
        ],
        coach: ['Ask each person for one word on how they are arriving today.'],
        coachee: ['Say roughly what the feedback is about, without names if you prefer.'],
        observer: ['Say what you will watch for, and that you will share it kindly at the end.'],
      },
    },
    {
      id: 'permission',
      name: 'Permission',
      purpose:
        'Check the coachee wants to work on this now, and plan how they will ask the other person.',
      timeboxMs: minutesToMs(2),
      rules: {},
      prompts: {
        everyone: ['Feedback lands better when it is invited.'],
        coach: [
          'Is this the feedback you want to work on today?',
          'How will you ask them if now is a good time?',
        ],
        coachee: ['Write the question you will open with, e.g. “Can I share something I noticed?”'],
        observer: ['Note the coachee’s opening question word for word.'],
      },
    },
    {
      id: 'situation',
      name: 'Situation',
      purpose:
        'Pin down when and where it happened, so the other person knows which moment you mean.',
      timeboxMs: minutesToMs(3),
      rules: { observationsNotInterpretations: true },
      prompts: {
        everyone: ['One specific moment: a day, a meeting, a message.'],
        coach: ['When and where was this?', 'Who else was there?'],
        coachee: ['Describe the moment as a camera would have seen it.'],
        observer: ['Flag anything that sounds like a judgement rather than a fact.'],
      },
    },
    {
      id: 'behaviour',
      name: 'Behaviour',
      purpose:
        'Say what the person did or said, as an observation, not a judgement or a guess at motives.',
      timeboxMs: minutesToMs(4),
      rules: { observationsNotInterpretations: true },
      prompts: {
        everyone: ['What did they do or say? Leave out why you think they did it.'],
        coach: [
          'What exactly did they say or do?',
          'If “careless” or “rude” comes up, ask: what did you see that made you think that?',
        ],
        coachee: ['Use words anyone in the room would agree they saw or heard.'],
        observer: [
          'Mark each interpretation, and read back the plain observation once it is found.',
        ],
      },
    },
    {
      id: 'impact',
      name: 'Impact',
      purpose: 'Say what effect the behaviour had on you, the work or others.',
      timeboxMs: minutesToMs(4),
      rules: {},
      prompts: {
        everyone: ['Impact is your experience, not a verdict on them.'],
        coach: ['What was the effect on you?', 'And on the work, or on others?'],
        coachee: ['Start with “I” or “the work”: “I ended up…”, “The team had to…”'],
        observer: ['Note where impact turns into blame, and share it gently later.'],
      },
    },
    {
      id: 'feedforward',
      name: 'Feedforward',
      purpose: 'Turn to next time: one or two ideas offered as suggestions, not orders.',
      timeboxMs: minutesToMs(5),
      rules: { askBeforeAdvising: true },
      prompts: {
        everyone: ['Future, not past. Ideas are offered, and the other person chooses.'],
        coach: [
          'What would you like them to try next time?',
          'Ask before adding your own idea: “Can I suggest one?”',
        ],
        coachee: ['Phrase it as an invitation: “Next time, could you…?”'],
        observer: ['Flag advice that wasn’t asked for.'],
      },
    },
    {
      id: 'co-created-script',
      name: 'Co-created script',
      purpose: 'Put the pieces together into a few sentences the coachee would really say.',
      timeboxMs: minutesToMs(6),
      rules: {},
      prompts: {
        everyone: ['Short and in the coachee’s own voice. Three to five sentences.'],
        coach: ['Read back what you have so far. Does it sound like you?', 'What would you cut?'],
        coachee: ['Permission, situation, behaviour, impact, then the feedforward.'],
        observer: ['Write the script down as it takes shape, for the summary.'],
      },
    },
    {
      id: 'one-sentence',
      name: 'One sentence to remember',
      purpose: 'Choose the one sentence the coachee will hold on to if nerves take over.',
      timeboxMs: minutesToMs(2),
      rules: {},
      prompts: {
        everyone: ['If you remember only one line, which one?'],
        coach: ['Which sentence matters most to you?'],
        coachee: ['Say it out loud once, at your own pace.'],
        observer: ['Record the sentence word for word.'],
      },
    },
    {
      id: 'practise',
      name: 'Practise',
      purpose:
        'Rehearse the conversation in a short role-play, with the coach as the other person.',
      timeboxMs: minutesToMs(6),
      rules: { consent: 'role-play' },
      consentAlternative:
        'Read the script aloud without acting it out, or watch the practice and share what you noticed.',
      prompts: {
        everyone: ['It is practice. Stop and rerun a line whenever you like.'],
        coach: [
          'Play the other person realistically, with one mild push-back.',
          'Afterwards, ask: what would you keep, and what would you change?',
        ],
        coachee: ['Try the script. If a line sticks, pause and say it another way.'],
        observer: ['Note the words that seemed to land, and share them after the run.'],
      },
    },
    {
      id: 'commitments-and-appreciation',
      kind: 'closing',
      name: 'Commitments and appreciation',
      purpose: 'Say when the real conversation will happen, and thank each other.',
      timeboxMs: minutesToMs(3),
      rules: {},
      prompts: {
        everyone: [
          'Each say one thing you will do before we next meet.',
          'Thank someone for something specific they did today.',
        ],
        coach: ['Ask when the coachee will have the conversation, and how they will report back.'],
        coachee: ['Say when and where you will give the feedback.'],
        observer: ['Read back the one sentence to remember and the commitments.'],
      },
    },
  ],
};
