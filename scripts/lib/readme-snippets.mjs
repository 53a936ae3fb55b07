// The TypeScript snippets of README.md: each ```ts block, and each ```diff block that
// follows one applied to it (the Enterprise variant of the quickstart).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './packages.mjs';

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

/**
 * The README's TypeScript snippets, in order.
 * @returns {{ code: string, fromDiff: boolean }[]}
 */
export function readmeSnippets(readme = readFileSync(join(root, 'README.md'), 'utf8')) {
  const blocks = [...readme.matchAll(/```(ts|diff)\n([\s\S]*?)```/g)].map((match) => ({
    language: match[1],
    code: match[2],
  }));
  const snippets = [];
  let previous;
  for (const block of blocks) {
    let code;
    if (block.language === 'ts') code = block.code;
    else if (previous !== undefined) code = applyDiff(previous, block.code);
    else continue;
    snippets.push({ code, fromDiff: block.language === 'diff' });
    previous = code;
  }
  return snippets;
}
