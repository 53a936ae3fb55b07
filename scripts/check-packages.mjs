// Checks every published package as it would be published: packs it (`pnpm pack`,
// whose `prepack` builds it), then runs publint (strict, suggestions included) and
// @arethetypeswrong/cli on the tarball, and checks the project's packaging rules.
//
//   node scripts/check-packages.mjs [--packed DIR]   check (DIR: tarballs from scripts/pack.mjs)
//   node scripts/check-packages.mjs --fix            set the mechanical packaging fields, then check
//
// attw runs with `--profile esm-only`: the packages are ESM only and Node >=20.19 loads them
// from CommonJS with require(esm). attw's node16-cjs resolution (TypeScript 5.6 inside attw)
// predates require(esm) and would report every ESM-only package as "ESM (dynamic import only)";
// that a CommonJS project really can require() the packages, and that TypeScript (>=5.8,
// module nodenext) types those require() calls, is tested by scripts/pack-test.mjs instead.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import { publint } from 'publint';
import { formatMessage } from 'publint/utils';
import {
  capture,
  makeTempDir,
  packAll,
  packedTarballs,
  parseArgs,
  publishedPackages,
  removeTempDir,
  root,
} from './lib/packages.mjs';

/** The Node versions the packages support: those where require(esm) works unflagged. */
export const nodeEngines = '^20.19.0 || >=22.12.0';
const core = '@pomerium-unified/core';

/** The project's own packaging rules; returns the problems found in one manifest. */
function packagingProblems(manifest) {
  const problems = [];
  if (manifest.type !== 'module') problems.push('"type" must be "module" (the packages are ESM only)');
  if (manifest.sideEffects !== false) problems.push('"sideEffects" must be false');
  if (manifest.engines?.node !== nodeEngines) problems.push(`"engines.node" must be "${nodeEngines}"`);
  if (!manifest.scripts?.prepack) problems.push('a "prepack" script must build the package');
  if (manifest.files?.includes('src')) problems.push('"files" must not publish src/ (dist/ only)');
  if (!manifest.publishConfig?.exports) problems.push('"publishConfig.exports" must point at dist/');
  // A package that takes the user's client or backend shares the user's core: a peer
  // dependency (one copy, one PomeriumError class). Only an application (a package with
  // a "bin" and no library exports besides it) may depend on core directly.
  if (manifest.name !== core && manifest.dependencies?.[core] && !manifest.bin) {
    problems.push(`${core} must be a peerDependency (plus a devDependency for the workspace), not a dependency`);
  }
  if (manifest.peerDependencies?.[core] && !manifest.devDependencies?.[core]) {
    problems.push(`${core} as a peerDependency needs a "workspace:*" devDependency too`);
  }
  return problems;
}

/**
 * Bare imports of the built files (dist/) that the manifest does not declare: a user's
 * install would lack them (the workspace, with everything hoisted, hides that).
 */
function undeclaredImports(pkg) {
  const declared = new Set([
    pkg.name,
    ...Object.keys(pkg.manifest.dependencies ?? {}),
    ...Object.keys(pkg.manifest.peerDependencies ?? {}),
    ...Object.keys(pkg.manifest.optionalDependencies ?? {}),
  ]);
  const builtins = new Set(builtinModules);
  const problems = new Set();
  const files = readdirSync(join(pkg.dir, 'dist'), { recursive: true }).filter((file) => /\.(js|d\.ts)$/.test(file));
  for (const file of files) {
    const text = readFileSync(join(pkg.dir, 'dist', file), 'utf8');
    const statements = /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*['"]([^'"]+)['"]/gm;
    const bare = /^\s*import\s*['"]([^'"]+)['"]/gm;
    const dynamic = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
    for (const match of [...text.matchAll(statements), ...text.matchAll(bare), ...text.matchAll(dynamic)]) {
      const specifier = match[1];
      if (!/^(@[a-z0-9-~][a-z0-9-._~]*\/)?[a-z0-9-~][a-z0-9-._~]*(\/.*)?$/.test(specifier)) continue;
      if (specifier.startsWith('node:') || builtins.has(specifier)) continue;
      const parts = specifier.split('/');
      const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
      if (!declared.has(name)) problems.add(`dist/${file} imports "${name}", which package.json does not declare`);
    }
  }
  return [...problems];
}

/**
 * Sets the mechanical packaging fields of one manifest file, and moves core from
 * dependencies to peerDependencies (+ a workspace devDependency) in a library package.
 */
function fixManifest(dir) {
  const file = join(dir, 'package.json');
  const manifest = JSON.parse(readFileSync(file, 'utf8'));
  if (manifest.name !== core && manifest.dependencies?.[core] && !manifest.bin) {
    delete manifest.dependencies[core];
    manifest.peerDependencies = { [core]: 'workspace:^', ...manifest.peerDependencies };
    manifest.devDependencies = { [core]: 'workspace:*', ...manifest.devDependencies };
  }
  const fixed = {};
  for (const [key, value] of Object.entries(manifest)) {
    if (key === 'sideEffects') continue;
    fixed[key] = value;
    if (key === 'type') fixed.sideEffects = false;
  }
  fixed.engines = { ...fixed.engines, node: nodeEngines };
  fixed.scripts = { prepack: 'node ../../scripts/prepack.mjs', ...fixed.scripts };
  if (Array.isArray(fixed.files)) fixed.files = fixed.files.filter((entry) => entry !== 'src');
  writeFileSync(file, `${JSON.stringify(fixed, null, 2)}\n`);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const packages = publishedPackages();
  if (args.fix) for (const pkg of packages) fixManifest(pkg.dir);

  const temp = args.packed ? undefined : makeTempDir('check');
  const tarballs = args.packed ? packedTarballs(args.packed, packages) : packAll(join(temp, 'packed'), packages);
  const attw = join(root, 'node_modules/.bin/attw');
  let failed = 0;
  try {
    for (const pkg of packages) {
      const tarball = tarballs.get(pkg.name);
      const problems = [...packagingProblems(pkg.manifest), ...undeclaredImports(pkg)];

      const data = readFileSync(tarball);
      const lint = await publint({
        pack: { tarball: data.buffer.slice(data.byteOffset, data.byteOffset + data.length) },
        level: 'suggestion',
        strict: true,
      });
      for (const message of lint.messages) {
        problems.push(`publint ${message.type}: ${formatMessage(message, lint.pkg, { color: false })}`);
      }

      const attwArgs = [tarball, '--profile', 'esm-only', '--no-definitely-typed', '--format', 'table-flipped'];
      try {
        capture(attw, [...attwArgs, '--no-color', '--no-emoji'], { stdio: ['ignore', 'pipe', 'pipe'] });
      } catch (error) {
        problems.push(`@arethetypeswrong/cli:\n${error.stdout ?? ''}${error.stderr ?? ''}`);
      }

      if (problems.length === 0) {
        console.log(`ok   ${pkg.name}: publint clean, attw (esm-only) clean, packaging rules hold`);
      } else {
        failed++;
        console.log(`FAIL ${pkg.name}:`);
        for (const problem of problems) console.log(`  - ${problem}`);
      }
    }
  } finally {
    if (temp) removeTempDir(temp);
  }
  if (failed > 0) {
    console.error(
      `\n${failed} package(s) fail the packaging checks ('node scripts/check-packages.mjs --fix' sets the fields; then run 'pnpm install').`,
    );
    process.exit(1);
  }
  console.log(`\n${packages.length} published packages pass publint, attw and the packaging rules.`);
}

await main();
