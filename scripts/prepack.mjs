// `prepack` of every published package: removes dist/ (so no stale file from a renamed
// source is published) and builds the package with its `build` script.
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
execFileSync('pnpm', ['run', 'build'], { stdio: 'inherit' });
