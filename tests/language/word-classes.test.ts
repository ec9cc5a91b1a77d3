import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderWordClassesModule } from './build-word-classes.js';

const TABLE_PATH = new URL('../../core/src/language/data/word-classes.ts', import.meta.url);

describe('the distilled word-class table', () => {
  it('matches what build-word-classes.ts makes from the installed compromise', () => {
    // Fails after a compromise upgrade or a change to the builder: regenerate, as its header says.
    expect(readFileSync(TABLE_PATH, 'utf8')).toBe(renderWordClassesModule());
  });
});
