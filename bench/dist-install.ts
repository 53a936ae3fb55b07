// The built packages laid out as a user installs them, so a bench client runs compiled JavaScript with plain
// `node` (no tsx): bench/.dist-install/node_modules/@pomerium-unified/<package>/ holds each package's dist/ and a
// package.json whose exports are its publishConfig exports; third-party dependencies are linked from the
// workspace's own install. Packages whose dist/ is missing or older than their sources are built first.
import { execFileSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
/** The directory of the layout; scripts placed here resolve `@pomerium-unified/*` to the built packages. */
export const distInstallDir = fileURLToPath(new URL('./.dist-install/', import.meta.url));

interface PackageJson {
  name: string;
  version: string;
  type?: string;
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  publishConfig?: { exports?: unknown };
}

function newestMtime(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** The workspace folder names of `packages/` to lay out, with their workspace dependencies (transitively). */
function withWorkspaceDependencies(folders: string[]): string[] {
  const byName = new Map<string, string>();
  for (const folder of readdirSync(path.join(repoRoot, 'packages'))) {
    const file = path.join(repoRoot, 'packages', folder, 'package.json');
    if (existsSync(file)) byName.set((JSON.parse(readFileSync(file, 'utf8')) as PackageJson).name, folder);
  }
  const result = new Set<string>();
  const visit = (folder: string) => {
    if (result.has(folder)) return;
    result.add(folder);
    const json = JSON.parse(
      readFileSync(path.join(repoRoot, 'packages', folder, 'package.json'), 'utf8'),
    ) as PackageJson;
    for (const name of Object.keys({ ...json.dependencies, ...json.peerDependencies })) {
      const dependency = byName.get(name);
      if (dependency) visit(dependency);
    }
  };
  for (const folder of folders) visit(folder);
  return [...result];
}

/**
 * Builds (when stale) and lays out the packages of `folders` and their workspace dependencies; compiles each of
 * `scripts` (TypeScript files of bench/) to `<name>.mjs` inside the layout. Returns the compiled scripts' paths.
 */
export function prepareDistInstall(folders: string[], scripts: string[], log: (message: string) => void): string[] {
  const all = withWorkspaceDependencies(folders);
  const stale = all.filter((folder) => {
    const root = path.join(repoRoot, 'packages', folder);
    const dist = path.join(root, 'dist');
    return !existsSync(dist) || newestMtime(path.join(root, 'src')) > newestMtime(dist);
  });
  if (stale.length > 0) {
    log(`building ${stale.join(', ')} (pnpm run build)`);
    for (const folder of stale) {
      execFileSync('pnpm', ['run', 'build'], { cwd: path.join(repoRoot, 'packages', folder), stdio: 'inherit' });
    }
  }
  rmSync(distInstallDir, { recursive: true, force: true });
  for (const folder of all) {
    const root = path.join(repoRoot, 'packages', folder);
    const json = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as PackageJson;
    const target = path.join(distInstallDir, 'node_modules', json.name);
    mkdirSync(target, { recursive: true });
    cpSync(path.join(root, 'dist'), path.join(target, 'dist'), { recursive: true });
    const installed = { name: json.name, version: json.version, type: json.type, exports: json.publishConfig?.exports };
    writeFileSync(path.join(target, 'package.json'), `${JSON.stringify(installed, null, 2)}\n`);
    for (const dependency of Object.keys(json.dependencies ?? {})) {
      if (dependency.startsWith('@pomerium-unified/')) continue;
      const link = path.join(target, 'node_modules', dependency);
      mkdirSync(path.dirname(link), { recursive: true });
      symlinkSync(realpathSync(path.join(root, 'node_modules', dependency)), link, 'dir');
    }
  }
  return scripts.map((script) => {
    const source = fileURLToPath(new URL(script, import.meta.url));
    const output = path.join(distInstallDir, `${path.basename(script, '.ts')}.mjs`);
    const { code } = transformSync(readFileSync(source, 'utf8'), { loader: 'ts', format: 'esm', target: 'node20' });
    writeFileSync(output, code);
    return output;
  });
}
