import { minutesToMs } from '../../units.js';
import type { Framework } from '../model.js';

// A short weekly rep: one skill, practised for real, with one experiment to carry into the week.
// 28 minutes, so it fits a 30-minute slot with a moment to spare.
export const WEEKLY_MICRO_SESSION: Framework = {
  id: 'weekly-micro-session',
  name: 'Weekly micro-session',
  kind: 'coaching',
  summary:
    'Twenty-odd minutes to practise one skill: set an intention, try it out, talk about what happened and pick one experiment for the week.',
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
          'What is said here stays here. Anyone can pass at any point.',
          'Agree a signal for “let’s pause”, for example a raised hand.',
          'Airtime tracking helps us share the floor. Anyone can opt out, no questions asked.',
        ],
        coach: ['Ask each person for one word on how they are arriving today.'],
        coachee: [
          'Say what would help you most today: listening, questions or a sparring partner.',
        ],
        observer: ['Say what you will watch for, and that you will share it kindly at the end.'],
      },
    },
    {
      id: 'intention',
      name: 'Intention',
      purpose: 'Name the one skill the coachee wants to practise, and why it matters now.',
      timeboxMs: minutesToMs(4),
      rules: {},
      prompts: {
        everyone: ['One skill, one situation. Small is good.'],
        coach: [
          'Which skill do you want to practise today?',
          'Where will you need it this week?',
          'What would “a bit better” look like?',
        ],
        coachee: ['Describe a real moment coming up where this skill matters.'],
        observer: [
          'Note the intention in the coachee’s words, so the debrief can come back to it.',
        ],
      },
    },
    {
      id: 'practise-one-skill',
      name: 'Practise one skill',
      purpose: 'Try the skill out loud, in a short role-play of the real situation.',
      timeboxMs: minutesToMs(10),
      rules: { consent: 'role-play' },
      consentAlternative:
        'Talk the situation through instead: say what you would do and say, without acting it out.',
      prompts: {
        everyone: ['It is practice, not a performance. Stop and restart as often as you like.'],
        coach: [
          'Play the other person in the situation, realistically but not harshly.',
          'Offer a rerun: “Want to try that line again?”',
        ],
        coachee: ['Try the skill. If a line doesn’t work, pause and try it another way.'],
        observer: [
          'Track airtime, and note the exact words that seemed to land.',
          'Write down what you see and hear, not what you think it meant.',
        ],
      },
    },
    {
      id: 'debrief',
      name: 'Debrief',
      purpose: 'Make sense of the practice, starting from the coachee’s own view.',
      timeboxMs: minutesToMs(5),
      rules: {},
      prompts: {
        everyone: ['The coachee speaks first. Then observations, then ideas if they are wanted.'],
        coach: [
          'What did you notice about how that went?',
          'What would you keep, and what would you change?',
        ],
        coachee: ['Say what felt natural and what felt hard.'],
        observer: [
          'Share two or three things you saw or heard, quoting words where you can.',
          'Share the airtime picture as a mirror, not a verdict.',
        ],
      },
    },
    {
      id: 'one-experiment',
      name: 'One experiment',
      purpose: 'Turn the practice into one small experiment to try before the next session.',
      timeboxMs: minutesToMs(3),
      rules: {},
      prompts: {
        everyone: ['An experiment can fail and still teach you something.'],
        coach: ['What will you try, when, and with whom?', 'How will you know how it went?'],
        coachee: ['Pick one experiment small enough to do this week.'],
        observer: ['Write the experiment down in the coachee’s words.'],
      },
    },
    {
      id: 'commitments-and-appreciation',
      kind: 'closing',
      name: 'Commitments and appreciation',
      purpose: 'Say out loud what each of us will do, and thank each other.',
      timeboxMs: minutesToMs(3),
      rules: {},
      prompts: {
        everyone: [
          'Each say one thing you will do before we next meet.',
          'Thank someone for something specific they did today.',
        ],
        coach: ['Ask the coachee to repeat the experiment in one sentence.'],
        coachee: ['Say when you will report back on your experiment.'],
        observer: ['Read back the commitments so nobody’s is lost.'],
      },
    },
  ],
};
