import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

// The JavaScript a first visit downloads before the first view can run: the module scripts that
// index.html names, the chunks it preloads, and every chunk those import statically, followed
// transitively. Chunks reached only through `import()` (the lazy views) are left out: they are
// what lazy-loading saves.

export interface InitialJs {
  /** Paths relative to the build folder, entry first. */
  readonly files: readonly string[];
  readonly rawBytes: number;
  readonly gzipBytes: number;
}

const SCRIPT_SRC = /<script\b[^>]*\btype=["']module["'][^>]*\bsrc=["']([^"']+)["']/g;
const PRELOAD_HREF = /<link\b[^>]*\brel=["']modulepreload["'][^>]*\bhref=["']([^"']+)["']/g;
// `import x from"./a.js"`, `import{a}from"./a.js"`, `import"./a.js"`, `export*from"./a.js"`;
// never `import("./a.js")` (a lazy chunk).
const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]*?\bfrom\s*)?["']([^"']+\.js)["']/g;

export async function measureInitialJs(distDir: string): Promise<InitialJs> {
  const html = await readFile(path.join(distDir, 'index.html'), 'utf8');
  const roots = [...html.matchAll(SCRIPT_SRC), ...html.matchAll(PRELOAD_HREF)].map((match) =>
    toDistPath(match[1] ?? ''),
  );
  if (roots.length === 0) throw new Error(`${distDir}/index.html loads no module script.`);
  const seen = new Set<string>();
  const queue = [...roots];
  let rawBytes = 0;
  let gzipBytes = 0;
  while (queue.length > 0) {
    const file = queue.shift() as string;
    if (seen.has(file)) continue;
    seen.add(file);
    const code = await readFile(path.join(distDir, file));
    rawBytes += code.byteLength;
    gzipBytes += gzipSync(code, { level: 9 }).byteLength;
    for (const match of code.toString('utf8').matchAll(STATIC_IMPORT)) {
      const specifier = match[1] ?? '';
      if (!specifier.startsWith('.') && !specifier.startsWith('/')) continue;
      queue.push(
        specifier.startsWith('/')
          ? toDistPath(specifier)
          : path.posix.join(path.posix.dirname(file), specifier),
      );
    }
  }
  return { files: [...seen], rawBytes, gzipBytes };
}

function toDistPath(url: string): string {
  return url.replace(/^\.?\//, '');
}

export function formatKb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** The gzip size of the given built files (paths as the browser asked for them). */
export async function measureFiles(
  distDir: string,
  urlPaths: readonly string[],
): Promise<InitialJs> {
  const files = [...new Set(urlPaths.map(toDistPath))];
  let rawBytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const code = await readFile(path.join(distDir, file));
    rawBytes += code.byteLength;
    gzipBytes += gzipSync(code, { level: 9 }).byteLength;
  }
  return { files, rawBytes, gzipBytes };
}
