// Helpers shared by the packaging scripts: find the published packages, pack them
// the way a release does (`pnpm pack`, which applies publishConfig and rewrites
// workspace: ranges), and install the tarballs with npm into throwaway projects.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root. */
export const root = join(dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Every published package: each `packages/*\/package.json` without `"private": true`.
 * @returns {{ name: string, dir: string, manifest: Record<string, any> }[]}
 */
export function publishedPackages() {
  const packagesDir = join(root, 'packages');
  return readdirSync(packagesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .flatMap((entry) => {
      const dir = join(packagesDir, entry.name);
      let manifest;
      try {
        manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
      } catch {
        return [];
      }
      return manifest.private === true ? [] : [{ name: manifest.name, dir, manifest }];
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** A fresh temporary directory (removed by `removeTempDir`, or left for inspection with KEEP_TEMP=1). */
export function makeTempDir(prefix) {
  return mkdtempSync(join(tmpdir(), `pomerium-unified-${prefix}-`));
}

/** Removes a directory made by `makeTempDir` unless KEEP_TEMP=1. */
export function removeTempDir(dir) {
  if (process.env.KEEP_TEMP === '1') {
    console.log(`(kept ${dir})`);
    return;
  }
  rmSync(dir, { recursive: true, force: true });
}

/** Runs a command, echoing it, with output shown; throws on a non-zero exit. */
export function run(command, args, options = {}) {
  console.log(`$ ${command} ${args.join(' ')}${options.cwd ? `   (in ${options.cwd})` : ''}`);
  return execFileSync(command, args, { stdio: 'inherit', ...options });
}

/** Runs a command and returns its standard output (standard error shown). */
export function capture(command, args, options = {}) {
  return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'], ...options });
}

/**
 * Packs every published package into `destination` with `pnpm pack` (whose `prepack`
 * builds it). Returns a map from package name to tarball path.
 * @returns {Map<string, string>}
 */
export function packAll(destination, packages = publishedPackages()) {
  mkdirSync(destination, { recursive: true });
  const tarballs = new Map();
  for (const pkg of packages) {
    const before = new Set(readdirSync(destination));
    run('pnpm', ['pack', '--pack-destination', destination], { cwd: pkg.dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const added = readdirSync(destination).filter((file) => !before.has(file) && file.endsWith('.tgz'));
    if (added.length !== 1) throw new Error(`pnpm pack of ${pkg.name} produced ${added.length} tarballs`);
    tarballs.set(pkg.name, join(destination, added[0]));
  }
  const index = Object.fromEntries([...tarballs].map(([name, file]) => [name, basename(file)]));
  writeFileSync(join(destination, 'tarballs.json'), `${JSON.stringify(index, null, 2)}\n`);
  return tarballs;
}

/**
 * Creates an npm project in `dir` that depends on the given tarballs (and any other
 * registry dependencies), and installs it with npm. The tarballs are also forced as
 * overrides, so a dependency between our packages resolves to the packed tarball and
 * never to a registry copy.
 * @param {string} dir
 * @param {{ type: 'module' | 'commonjs', tarballs: Map<string, string>, dependencies?: Record<string, string> }} options
 */
export function createNpmProject(dir, { type, tarballs, dependencies = {} }) {
  mkdirSync(dir, { recursive: true });
  const packed = Object.fromEntries([...tarballs].map(([name, file]) => [name, `file:${file}`]));
  const manifest = {
    name: `pack-test-${type}`,
    version: '0.0.0',
    private: true,
    type,
    dependencies: { ...packed, ...dependencies },
    overrides: Object.fromEntries([...tarballs.keys()].map((name) => [name, `$${name}`])),
  };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir });
}

/**
 * The tarballs of a directory written by `packAll` (scripts/pack.mjs), checked to hold
 * every published package.
 * @returns {Map<string, string>}
 */
export function packedTarballs(dir, packages = publishedPackages()) {
  const index = JSON.parse(readFileSync(join(dir, 'tarballs.json'), 'utf8'));
  const tarballs = new Map(Object.entries(index).map(([name, file]) => [name, join(dir, file)]));
  const missing = packages.filter((pkg) => !tarballs.has(pkg.name)).map((pkg) => pkg.name);
  if (missing.length > 0) throw new Error(`${dir} has no tarball of ${missing.join(', ')}: run scripts/pack.mjs again`);
  return tarballs;
}

/** The command-line flags the packaging scripts share: `--packed DIR`, `--fix`, `--update`. */
export function parseArgs(argv) {
  const args = { packed: undefined, fix: false, update: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    if (arg === '--packed') args.packed = argv[++index];
    else if (arg.startsWith('--packed=')) args.packed = arg.slice('--packed='.length);
    else if (arg === '--fix') args.fix = true;
    else if (arg === '--update') args.update = true;
    else throw new Error(`unknown argument ${arg}`);
  }
  return args;
}
