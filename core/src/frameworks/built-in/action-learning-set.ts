import { minutesToMs } from '../../units.js';
import type { Framework } from '../model.js';

// Revans-style action learning in one hour: the set helps through questions, offers experiments
// without prescribing them, and the challenger alone decides what to do.
export const ACTION_LEARNING_SET: Framework = {
  id: 'action-learning-set',
  name: 'Action learning set',
  kind: 'action-learning',
  summary:
    'One hour on one person’s real challenge: fifteen minutes of questions only, experiments offered without prescribing, and the challenger chooses.',
  minPeople: 4,
  maxPeople: 8,
  stages: [
    {
      id: 'norms-and-consent',
      kind: 'opening',
      name: 'Norms, signals and consent',
      purpose: 'Agree how the set works today, so everyone can take part safely.',
      timeboxMs: minutesToMs(5),
      rules: {},
      prompts: {
        everyone: [
          'What is said here stays here. Anyone can pass at any point.',
          'Agree a signal for “let’s pause” and one for “that question helped”.',
          'Airtime tracking helps us share the floor. Anyone can opt out, no questions asked.',
        ],
        facilitator: [
          'Remind the set of the shape: questions first, experiments later, the challenger decides.',
        ],
        challenger: ['Say what you would like from the set today.'],
        member: ['Say one word on how you are arriving.'],
      },
    },
    {
      id: 'challenge',
      name: 'Challenge',
      purpose: 'The challenger describes a real, current challenge they own and can act on.',
      timeboxMs: minutesToMs(8),
      rules: {},
      prompts: {
        everyone: ['Listen without interrupting. Write down questions for later.'],
        challenger: [
          'What is the challenge, and why does it matter to you now?',
          'What have you tried, and what would you like from the set?',
        ],
        facilitator: [
          'Keep time, and ask the challenger to end with one sentence: “My challenge is…”',
        ],
        member: ['Notice what surprises you, and what you want to understand better.'],
      },
    },
    {
      id: 'questions-only',
      name: 'Questions only',
      purpose: 'Help the challenger think by asking open questions, and nothing but questions.',
      timeboxMs: minutesToMs(15),
      rules: { questionsOnly: true },
      prompts: {
        everyone: ['Only questions. No advice, no stories, no questions that hide a suggestion.'],
        challenger: [
          'Answer what helps, and say “pass” to any question you’d rather not take.',
          'Notice which questions shift your thinking.',
        ],
        facilitator: [
          'Name advice dressed as a question, kindly, and invite a rephrase.',
          'Leave room for silence after a question lands.',
        ],
        member: [
          'Ask open questions: “What…?”, “How…?”, “What else…?”',
          'Check yourself: does my question carry an answer?',
        ],
      },
    },
    {
      id: 'experiments',
      name: 'Experiments, not prescriptions',
      purpose:
        'Offer possible experiments for the challenger to consider, without telling them what to do.',
      timeboxMs: minutesToMs(10),
      rules: { askBeforeAdvising: true },
      prompts: {
        everyone: ['Offer, don’t prescribe: “One experiment could be…”'],
        challenger: ['Listen and note the ideas. You don’t have to respond to each one.'],
        facilitator: [
          'Ask the challenger before ideas start: “Are you ready to hear some options?”',
        ],
        member: ['Offer one experiment at a time, small enough to try within two weeks.'],
      },
    },
    {
      id: 'challenger-chooses',
      name: 'The challenger chooses',
      purpose: 'The challenger decides what, if anything, they will try.',
      timeboxMs: minutesToMs(6),
      rules: {},
      prompts: {
        everyone: ['This is the challenger’s decision. No lobbying for your own idea.'],
        challenger: [
          'Which experiment will you try, and when?',
          'What will tell you whether it worked?',
        ],
        facilitator: ['Check the choice is specific: what, when, and with whom.'],
        member: ['Listen. Ask a clarifying question only if the step is unclear.'],
      },
    },
    {
      id: 'insights',
      name: 'Insights',
      purpose:
        'Everyone shares what they learned, about the challenge and about how we worked as a set.',
      timeboxMs: minutesToMs(8),
      rules: {},
      prompts: {
        everyone: ['What did you learn today that you can use in your own work?'],
        challenger: ['Which question helped you most, and why?'],
        facilitator: ['How did we do at questions only? Share the question count as a mirror.'],
        member: ['Say one insight for yourself, not one for the challenger.'],
      },
    },
    {
      id: 'commitments-and-appreciation',
      kind: 'closing',
      name: 'Commitments and appreciation',
      purpose: 'Each person commits to an action, and we thank each other.',
      timeboxMs: minutesToMs(8),
      rules: {},
      prompts: {
        everyone: [
          'Each say one thing you will do before the set meets again, and when.',
          'Thank someone for a question or a moment that helped.',
        ],
        challenger: ['Say how and when you will report back on your experiment.'],
        facilitator: ['Read back the commitments, and agree who brings the next challenge.'],
        member: ['Commit to one thing from today you will try in your own work.'],
      },
    },
  ],
};
