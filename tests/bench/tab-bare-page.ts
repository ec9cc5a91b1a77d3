import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build } from 'vite';
import { ROOT } from '../e2e/support/tab-build.js';

// The yardstick for the panel: the smallest page made of the same parts (Vite, React 19,
// Fluent UI v9 with the Teams theme, one heading and one button), generated and built in the
// same run with the same tools, so the ratio says what the panel adds on top of its framework.
// It is generated inside node_modules/.cache so that its imports resolve to the repo's packages.

export interface BarePage {
  readonly distDir: string;
  remove(): Promise<void>;
}

const MAIN_TSX = `import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Button, FluentProvider, Text, teamsLightTheme } from '@fluentui/react-components';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <FluentProvider theme={teamsLightTheme}>
      <main>
        <Text as="h1" size={500}>Bare page</Text>
        <Button appearance="primary" data-interactive="">Start</Button>
      </main>
    </FluentProvider>
  </StrictMode>,
);
`;

const INDEX_HTML = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Bare Vite + React + Fluent</title></head>
<body><div id="root"></div><script type="module" src="/main.tsx"></script></body></html>
`;

export async function buildBarePage(): Promise<BarePage> {
  const cacheDir = path.join(ROOT, 'node_modules', '.cache');
  await mkdir(cacheDir, { recursive: true });
  const root = await mkdtemp(path.join(cacheDir, 'grow-together-bare-page-'));
  try {
    await writeFile(path.join(root, 'index.html'), INDEX_HTML);
    await writeFile(path.join(root, 'main.tsx'), MAIN_TSX);
    const distDir = path.join(root, 'dist');
    await build({
      root,
      configFile: false,
      logLevel: 'warn',
      plugins: [react()],
      build: { outDir: distDir, emptyOutDir: true },
    });
    return { distDir, remove: () => rm(root, { recursive: true, force: true }) };
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }
}
