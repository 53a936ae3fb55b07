// Extracts the TypeScript snippets of README.md into packages/examples/.readme-snippets/
// so that `pnpm typecheck` compiles them against the real packages. A ```diff block
// right after a ```ts block is applied to it and checked as a snippet of its own.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './lib/packages.mjs';
import { readmeSnippets } from './lib/readme-snippets.mjs';

const output = join(root, 'packages/examples/.readme-snippets');
rmSync(output, { recursive: true, force: true });
mkdirSync(output, { recursive: true });
const snippets = readmeSnippets();
snippets.forEach((snippet, index) => {
  writeFileSync(
    join(output, `snippet-${index + 1}.ts`),
    `// Extracted from README.md; do not edit.\nexport {};\n${snippet.code}`,
  );
});
console.log(`README snippets: ${snippets.length} extracted for type-checking`);
