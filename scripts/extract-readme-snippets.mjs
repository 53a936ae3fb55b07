// Extracts the TypeScript snippets of README.md into packages/examples/.readme-snippets/
// so that `pnpm typecheck` compiles them against the real packages. A ```diff block
// right after a ```ts block is applied to it and checked as a snippet of its own.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'packages/examples/.readme-snippets');
const readme = readFileSync(join(root, 'README.md'), 'utf8');
const blocks = [...readme.matchAll(/```(ts|diff)\n([\s\S]*?)```/g)].map((match) => ({
  language: match[1],
  code: match[2],
}));

function applyDiff(source, diff) {
  const lines = source.split('\n');
  const removed = [];
  const added = [];
  for (const line of diff.split('\n')) {
    if (line.startsWith('-')) removed.push(line.slice(1));
    else if (line.startsWith('+')) added.push(line.slice(1));
  }
  const at = lines.indexOf(removed[0]);
  if (at < 0 || removed.some((line, offset) => lines[at + offset] !== line)) {
    throw new Error(`README diff does not apply to the snippet before it:\n${diff}`);
  }
  lines.splice(at, removed.length, ...added);
  return lines.join('\n');
}

rmSync(output, { recursive: true, force: true });
mkdirSync(output, { recursive: true });
let previous;
let count = 0;
for (const block of blocks) {
  let code;
  if (block.language === 'ts') code = block.code;
  else if (previous !== undefined) code = applyDiff(previous, block.code);
  else continue;
  count += 1;
  writeFileSync(join(output, `snippet-${count}.ts`), `// Extracted from README.md; do not edit.\nexport {};\n${code}`);
  previous = code;
}
console.log(`README snippets: ${count} extracted for type-checking`);
