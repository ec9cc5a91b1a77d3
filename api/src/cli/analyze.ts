// Entry point of `npm run analyze` (see run-analyze.ts and `--help`).
import { readInvocationDir } from '../config.js';
import { runAnalyzeCli } from './run-analyze.js';

process.exitCode = await runAnalyzeCli(process.argv.slice(2), {
  invocationDir: readInvocationDir(),
  writeOut: (text) => process.stdout.write(text),
  writeErr: (text) => process.stderr.write(text),
});
