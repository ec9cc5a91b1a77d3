import { minutesToMs } from '../../units.js';
import type { Framework } from '../model.js';

// GROW between peers: nobody is the expert, so the coach asks before offering ideas, options can be
// tried out in a role-play, and both sides leave with a commitment.
export const GROW_FOR_EQUALS: Framework = {
  id: 'grow-for-equals',
  name: 'GROW for equals',
  kind: 'coaching',
  summary:
    'Goal, reality, options and way forward, between peers: the coachee leads, the coach asks before offering ideas, and both commit to something.',
  minPeople: 2,
  maxPeople: 6,
  stages: [
    {
      id: 'norms-and-consent',
      kind: 'opening',
      name: 'Norms, signals and consent',
      purpose: 'Agree how we work together today, so everyone can take part safely.',
      timeboxMs: minutesToMs(4),
      rules: {},
      prompts: {
        everyone: [
          'What is said here stays here. Anyone can pass at any point.',
          'Agree a signal for “let’s pause” and one for “I’d like to go deeper”.',
          'Airtime tracking helps us share the floor. Anyone can opt out, no questions asked.',
        ],
        coach: [
          'Remind everyone that we are equals: nobody here is the expert on the coachee’s life.',
        ],
        coachee: ['Say what kind of help you want today: questions, ideas or a sparring partner.'],
        observer: ['Say what you will watch for, and that you will share it kindly at the end.'],
      },
    },
    {
      id: 'ground',
      name: 'Ground',
      purpose: 'Arrive, and hear what is on the coachee’s mind before setting any goal.',
      timeboxMs: minutesToMs(4),
      rules: {},
      prompts: {
        everyone: ['Listen to understand. No fixing yet.'],
        coach: ['What’s on your mind?', 'What made you bring this today?'],
        coachee: ['Tell the story as it is for you. Rough edges are fine.'],
        observer: ['Note the words the coachee repeats or comes back to.'],
      },
    },
    {
      id: 'goal',
      name: 'Goal',
      purpose: 'Agree what the coachee wants from this conversation and beyond it.',
      timeboxMs: minutesToMs(6),
      rules: {},
      prompts: {
        everyone: ['The goal belongs to the coachee, in their own words.'],
        coach: [
          'What would you like to be different?',
          'What would make this conversation worth your time?',
        ],
        coachee: ['Finish the sentence: “By the end, I’d like to…”'],
        observer: ['Write the goal down exactly as the coachee says it.'],
      },
    },
    {
      id: 'reality',
      name: 'Reality',
      purpose: 'Explore what is happening now: facts, feelings, what has been tried.',
      timeboxMs: minutesToMs(10),
      rules: {},
      prompts: {
        everyone: ['Stay curious about what is, before what could be.'],
        coach: [
          'What is happening now, and who is involved?',
          'What have you tried so far, and what happened?',
          'What is in your control here?',
        ],
        coachee: ['Notice what you already know but haven’t said yet.'],
        observer: ['Count open and closed questions, and note any advice that slips in.'],
      },
    },
    {
      id: 'options',
      name: 'Options',
      purpose: 'Widen the choices, and try one out in a short role-play if that helps.',
      timeboxMs: minutesToMs(12),
      rules: { askBeforeAdvising: true, consent: 'role-play' },
      consentAlternative:
        'Talk the option through instead of acting it out, or watch the role-play and share what you noticed.',
      prompts: {
        everyone: ['Quantity first: list options before judging any of them.'],
        coach: [
          'What else could you do? And what else?',
          'Ask before offering an idea: “Can I add one option to the list?”',
          'Want to try one option out in a quick role-play?',
        ],
        coachee: ['Take ideas as options, not instructions. You choose.'],
        observer: [
          'Flag advice that wasn’t asked for.',
          'In a role-play, note the words that seemed to land.',
        ],
      },
    },
    {
      id: 'way-forward',
      name: 'Way forward',
      purpose: 'The coachee chooses what to do, when, and what support they want.',
      timeboxMs: minutesToMs(6),
      rules: {},
      prompts: {
        everyone: ['The choice is the coachee’s. Support it, don’t steer it.'],
        coach: [
          'Which option will you take, and when?',
          'What might get in the way?',
          'On a scale of 1 to 10, how likely are you to do it?',
        ],
        coachee: ['Pick one step you can start within a week.'],
        observer: ['Write down the step, the date, and any support asked for.'],
      },
    },
    {
      id: 'commitments-and-appreciation',
      kind: 'closing',
      name: 'Mutual commitments and appreciation',
      purpose: 'Everyone, coach included, commits to something, and we thank each other.',
      timeboxMs: minutesToMs(5),
      rules: {},
      prompts: {
        everyone: [
          'Each say one thing you will do before we next meet, coach and observer too.',
          'Thank someone for something specific they did today.',
        ],
        coach: ['Commit to one thing you will practise as a coach next time.'],
        coachee: ['Repeat your step and your date in one sentence.'],
        observer: ['Share the airtime picture in a sentence or two, as a mirror, not a verdict.'],
      },
    },
  ],
};
