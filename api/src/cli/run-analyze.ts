import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { analyzeTranscript, findJargon, tagUtterance } from '@grow-together/core';
import type { GlossaryEntry, TaggedText } from '@grow-together/core';
import { formatAnalysis, formatTaggedTexts } from './format-analysis.js';

// `npm run analyze`: the command line in front of core's transcript analysis and tagger. Output
// goes to `writeOut` only when it is the answer, so `--json` output is JSON and nothing else; every
// failure is one line on `writeErr` and exit status 2.

export const EXIT_OK = 0;
export const EXIT_BAD_INPUT = 2;

export interface AnalyzeCliIo {
  /** Where relative paths start: the directory the user ran the command in. */
  readonly invocationDir: string;
  readonly writeOut: (text: string) => void;
  readonly writeErr: (text: string) => void;
}

export const USAGE = `Usage: npm run analyze -- <transcript.vtt> [--json] [--glossary <glossary.json>]
       npm run analyze -- --utterances <lines.txt> [--json] [--glossary <glossary.json>]

Analyses a meeting transcript (WebVTT from Teams, Microsoft Graph or Zoom): talk time, share,
turns, longest monologue, interruptions and questions by kind per person; the balance of airtime
(Gini and normalised entropy); the turn-taking index; and the jargon used, with plain words.

  --json                print only JSON: the analysis, or [{ text, tag, jargon }] with --utterances
  --utterances <file>   tag one utterance per line instead (blank lines are skipped)
  --glossary <file>     more jargon to flag: a JSON list of { "term": "...", "plain": "..." }
  -h, --help            show this help

Exit status: 0 when analysed; 2 for a missing or malformed file or a wrong option.
`;

type Loaded<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly message: string };

const fail = (message: string): { ok: false; message: string } => ({ ok: false, message });

interface CliOptions {
  readonly transcriptPath: string | undefined;
  readonly utterancesPath: string | undefined;
  readonly glossaryPath: string | undefined;
  readonly isJson: boolean;
  readonly isHelp: boolean;
}

function readOptions(args: readonly string[]): Loaded<CliOptions> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...args],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        utterances: { type: 'string' },
        glossary: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return fail(describeArgumentError(error));
  }
  const { values, positionals } = parsed;
  const options: CliOptions = {
    transcriptPath: positionals[0],
    utterancesPath: values.utterances,
    glossaryPath: values.glossary,
    isJson: values.json === true,
    isHelp: values.help === true,
  };
  if (options.isHelp) return { ok: true, value: options };
  if (positionals.length > 1) {
    return fail(`give one transcript file, not ${positionals.length} (see --help)`);
  }
  if (options.transcriptPath !== undefined && options.utterancesPath !== undefined) {
    return fail('give a transcript file or --utterances <file>, not both (see --help)');
  }
  if (options.transcriptPath === undefined && options.utterancesPath === undefined) {
    return fail('give a transcript file, or --utterances <file> (see --help)');
  }
  return { ok: true, value: options };
}

function describeArgumentError(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  const message = error instanceof Error ? error.message : String(error);
  const option = /'(-[^']*)'/.exec(message)?.[1] ?? '';
  if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return `unknown option ${option} (see --help)`;
  if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return `${option.split(' ')[0] ?? 'option'} needs a value (see --help)`;
  }
  return `${message.split('\n')[0] ?? 'bad arguments'} (see --help)`;
}

/** UTF-8, with or without a BOM, or UTF-16 LE with its BOM (as some Windows tools save text). */
function decodeText(bytes: Buffer): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return bytes.subarray(2).toString('utf16le');
  return bytes.toString('utf8');
}

async function readTextFile(invocationDir: string, path: string): Promise<Loaded<string>> {
  try {
    return { ok: true, value: decodeText(await readFile(resolve(invocationDir, path))) };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return fail(`${path}: no such file`);
    if (code === 'EISDIR') return fail(`${path}: is a directory, not a file`);
    if (code === 'EACCES' || code === 'EPERM') return fail(`${path}: not allowed to read it`);
    return fail(`${path}: cannot read it (${typeof code === 'string' ? code : 'unknown error'})`);
  }
}

function isGlossaryEntry(value: unknown): value is GlossaryEntry {
  if (typeof value !== 'object' || value === null) return false;
  const { term, plain } = value as Record<string, unknown>;
  return typeof term === 'string' && term.trim() !== '' && typeof plain === 'string';
}

async function readGlossary(
  invocationDir: string,
  path: string | undefined,
): Promise<Loaded<readonly GlossaryEntry[] | undefined>> {
  if (path === undefined) return { ok: true, value: undefined };
  const text = await readTextFile(invocationDir, path);
  if (!text.ok) return text;
  let value: unknown;
  try {
    value = JSON.parse(text.value.replace(/^\uFEFF/, ''));
  } catch (error) {
    return fail(
      `${path}: not valid JSON (${error instanceof Error ? error.message : 'parse error'})`,
    );
  }
  if (!Array.isArray(value) || !value.every(isGlossaryEntry)) {
    return fail(`${path}: expected a JSON list of { "term": "...", "plain": "..." }`);
  }
  return { ok: true, value: value.map(({ term, plain }) => ({ term, plain })) };
}

function tagLines(text: string, glossary: readonly GlossaryEntry[] | undefined): TaggedText[] {
  return text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => ({ text: line, tag: tagUtterance(line), jargon: findJargon(line, glossary) }));
}

function toJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

async function analyze(options: CliOptions, io: AnalyzeCliIo): Promise<Loaded<string>> {
  const glossary = await readGlossary(io.invocationDir, options.glossaryPath);
  if (!glossary.ok) return glossary;

  if (options.utterancesPath !== undefined) {
    const text = await readTextFile(io.invocationDir, options.utterancesPath);
    if (!text.ok) return text;
    const tagged = tagLines(text.value, glossary.value);
    return { ok: true, value: options.isJson ? toJson(tagged) : formatTaggedTexts(tagged) };
  }

  const path = options.transcriptPath ?? '';
  const text = await readTextFile(io.invocationDir, path);
  if (!text.ok) return text;
  const result = analyzeTranscript(
    text.value,
    glossary.value === undefined ? {} : { glossary: glossary.value },
  );
  if (!result.ok) return fail(`${path}:${result.error.line}: ${result.error.message}`);
  return {
    ok: true,
    value: options.isJson ? toJson(result.analysis) : formatAnalysis(result.analysis),
  };
}

/** Runs the command and returns its exit status. */
export async function runAnalyzeCli(args: readonly string[], io: AnalyzeCliIo): Promise<number> {
  const options = readOptions(args);
  if (options.ok && options.value.isHelp) {
    io.writeOut(USAGE);
    return EXIT_OK;
  }
  const output = options.ok ? await analyze(options.value, io) : options;
  if (!output.ok) {
    io.writeErr(`analyze: ${output.message.replace(/\s*[\r\n]+\s*/g, ' ')}\n`);
    return EXIT_BAD_INPUT;
  }
  io.writeOut(output.value);
  return EXIT_OK;
}
