// `npm start`: builds what is needed and starts the whole app on the embedded store.
// The server arrives with issue 4; until then say so plainly instead of pretending to run.
console.log(
  [
    'Grow Together: the server is not built yet, so there is nothing to start.',
    'What works today:',
    '  npm test                         type check, lint and every test',
    '  npm run analyze -- <file.vtt>    airtime and language analysis of a meeting transcript',
  ].join('\n'),
);
