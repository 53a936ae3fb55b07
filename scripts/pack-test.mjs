// Pack test: what users install is the packed tarballs, not the workspace. Packs every
// published package (`pnpm pack`), creates an empty ESM project and an empty CommonJS
// project in a temp dir, installs the tarballs there with npm, and runs the checks below
// in each: every entry point loads (import / require), the README quickstarts type-check
// with TypeScript (module nodenext) and run against fake consoles started from the
// installed testkit.
//
//   node scripts/pack-test.mjs [--packed DIR]    (KEEP_TEMP=1 keeps the projects)
//
// To add a check, append to `checks` below (`projects: ['esm']` limits it to one project;
// the result of `run` is printed under it when it is a string): `run(ctx)` gets the project (`ctx.project`:
// name 'esm' | 'cjs', type, dir) and helpers: `ctx.exec(command, args, { env })` runs in
// the project and returns stdout (throws with the output on failure), `ctx.write(file,
// text)`, `ctx.fakes` (URLs and credentials of the running fake consoles) and
// `ctx.fakeEnv` (the same as the documented POMERIUM_* environment variables), e.g.
//   { name: 'CLI help', run: (ctx) => ctx.exec('npx', ['pomerium-unified', '--help']) }
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  createNpmProject,
  makeTempDir,
  packAll,
  packedTarballs,
  parseArgs,
  publishedPackages,
  removeTempDir,
  root,
} from './lib/packages.mjs';
import { readmeSnippets } from './lib/readme-snippets.mjs';

const stepTimeoutMs = 180_000;
const rootManifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
/** TypeScript and Node types for the projects: the versions the workspace uses. */
const typeScriptDependencies = {
  typescript: rootManifest.devDependencies.typescript,
  '@types/node': rootManifest.devDependencies['@types/node'],
};

const projects = [
  { name: 'esm', type: 'module' },
  { name: 'cjs', type: 'commonjs' },
];

/** The checks, run in order in each project. */
const checks = [
  { name: 'every entry point of every package loads (import in ESM, require in CommonJS)', run: loadEntryPoints },
  {
    name: 'README quickstarts type-check (tsc, module nodenext, strict, exactOptionalPropertyTypes, skipLibCheck off)',
    run: compileQuickstarts,
  },
  { name: 'README quickstart (Zero) runs against the fake Zero console', run: (ctx) => runQuickstart(ctx, 'zero') },
  {
    name: 'README quickstart (Enterprise) runs against the fake Enterprise console',
    run: (ctx) => runQuickstart(ctx, 'enterprise'),
  },
  { name: "every package's bins answer --help", run: runBinsHelp },
  {
    name: "a user's node:test file with only the testkit's fixtures passes, vitest not installed",
    projects: ['esm'],
    run: runNodeTestFixtures,
  },
];

/**
 * Every subpath of every published package's exports, as an import specifier, with the
 * package's optional peers (an entry point that needs one may be skipped when it is absent).
 */
function entryPoints(packages) {
  return packages.flatMap((pkg) => {
    const exportsMap = pkg.manifest.publishConfig?.exports ?? pkg.manifest.exports ?? { '.': '' };
    const optionalPeers = Object.entries(pkg.manifest.peerDependenciesMeta ?? {})
      .filter(([, meta]) => meta?.optional)
      .map(([name]) => name);
    return Object.keys(exportsMap)
      .filter((subpath) => subpath !== './package.json')
      .map((subpath) => ({
        specifier: subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`,
        optionalPeers,
      }));
  });
}

function loadEntryPoints(ctx) {
  const load = ctx.project.type === 'module' ? '(specifier) => import(specifier)' : '(specifier) => require(specifier)';
  const code = `const entries = ${JSON.stringify(entryPoints(ctx.packages))};
const load = ${load};
(async () => {
  let loaded = 0;
  const skipped = [];
  for (const { specifier, optionalPeers } of entries) {
    try {
      const exported = await load(specifier);
      if (Object.keys(exported).length === 0) throw new Error(specifier + ' exports nothing');
      loaded++;
    } catch (error) {
      const missing = optionalPeers.find((peer) => String(error?.message).includes("'" + peer + "'"));
      if (!missing || !String(error?.code).includes('MODULE_NOT_FOUND')) throw error;
      skipped.push(specifier + ' (needs the optional peer ' + missing + ', not installed)');
    }
  }
  console.log(loaded + ' entry points loaded' + (skipped.length ? '; skipped: ' + skipped.join(', ') : ''));
})().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
`;
  const file = ctx.project.type === 'module' ? 'load-entry-points.mjs' : 'load-entry-points.cjs';
  ctx.write(file, code);
  const { stdout, stderr } = ctx.execWithStderr('node', [file]);
  if (stderr.trim()) {
    throw new Error(`loading the entry points printed to stderr (a warning users would see):\n${stderr}`);
  }
  return stdout;
}

/** The README snippets that construct a client, by backend: the quickstart and its Enterprise variant. */
function quickstartSnippets() {
  const found = {};
  for (const { code } of readmeSnippets()) {
    if (!code.includes('createPomeriumClient')) continue;
    if (code.includes('createZeroBackend')) found.zero ??= code;
    if (code.includes('createEnterpriseBackend')) found.enterprise ??= code;
  }
  for (const variant of ['zero', 'enterprise']) {
    if (!found[variant]) throw new Error(`README.md has no quickstart snippet for ${variant}`);
  }
  return found;
}

/**
 * A README quickstart as a file of the project: imports as written; the backend options
 * as written plus the fake console's address (spread last from PACK_TEST_BACKEND_OPTIONS,
 * since the README points at a real deployment); in CommonJS the body runs in an async
 * function (no top-level await there).
 */
function quickstartSource(code, type) {
  const importPattern = /^import\s[\s\S]*?from\s+['"][^'"]+['"];?[ \t]*$/gm;
  const imports = code.match(importPattern) ?? [];
  let body = code.replace(importPattern, '').trim();
  body = body.replace(/(create(?:Zero|Enterprise)Backend\(\{)([\s\S]*?)(\s*\}\))/g, (_, open, options, close) => {
    return `${open}${options.replace(/[\s,]+$/, '')}, ...packTestBackendOptions${close}`;
  });
  const setup = "const packTestBackendOptions = JSON.parse(process.env.PACK_TEST_BACKEND_OPTIONS ?? '{}');";
  const header = '// Generated by scripts/pack-test.mjs from the README quickstart.';
  if (type === 'module') return [header, ...imports, setup, body, ''].join('\n');
  const indented = body
    .split('\n')
    .map((line) => (line ? `  ${line}` : line))
    .join('\n');
  return [
    header,
    ...imports,
    setup,
    'async function main(): Promise<void> {',
    indented,
    '}',
    'main().catch((error: unknown) => {',
    '  console.error(error);',
    '  process.exitCode = 1;',
    '});',
    '',
  ].join('\n');
}

function compileQuickstarts(ctx) {
  for (const [variant, code] of Object.entries(quickstartSnippets())) {
    ctx.write(`quickstart-${variant}.ts`, quickstartSource(code, ctx.project.type));
  }
  ctx.write(
    'tsconfig.json',
    JSON.stringify(
      {
        compilerOptions: {
          module: 'nodenext',
          target: 'es2022',
          strict: true,
          exactOptionalPropertyTypes: true,
          skipLibCheck: false,
          outDir: 'dist',
          types: ['node'],
        },
        include: ['quickstart-*.ts'],
      },
      null,
      2,
    ),
  );
  return ctx.exec('npx', ['tsc', '-p', 'tsconfig.json']);
}

function runQuickstart(ctx, variant) {
  const snippet = quickstartSnippets()[variant];
  const overrides =
    variant === 'zero'
      ? { apiUrl: ctx.fakes.zero.url }
      : { url: ctx.fakes.enterprise.url, tls: { ca: ctx.fakes.enterprise.ca } };
  const stdout = ctx.exec('node', [`dist/quickstart-${variant}.js`], {
    env: { PACK_TEST_BACKEND_OPTIONS: JSON.stringify(overrides) },
  });
  // The quickstart ends by listing the routes; the one it created must be among them.
  const name = snippet.match(/routes\.create\(\{[\s\S]*?name:\s*'([^']+)'/)?.[1];
  const from = snippet.match(/routes\.create\(\{[\s\S]*?from:\s*'([^']+)'/)?.[1];
  if (name && from && !stdout.includes(`${name} ${from}`)) {
    throw new Error(`the quickstart did not list the route it created ("${name} ${from}"):\n${stdout}`);
  }
  return stdout;
}

/** Every `bin` of every published package runs from the install and prints its usage for --help. */
function runBinsHelp(ctx) {
  const bins = ctx.packages.flatMap((pkg) => Object.keys(pkg.manifest.bin ?? {}));
  for (const bin of bins) {
    const stdout = ctx.exec('npx', ['--no-install', bin, '--help']);
    if (!/usage/i.test(stdout)) throw new Error(`${bin} --help printed no usage:\n${stdout}`);
  }
  return `${bins.length} bins: ${bins.join(', ')}`;
}

/** The user test of packages/examples/user-tests, run by node:test in a project without vitest. */
function runNodeTestFixtures(ctx) {
  const lookForVitest =
    "try { require.resolve('vitest') } catch { process.exit(0) } console.error('vitest is installed'); process.exit(1)";
  ctx.exec('node', ['-e', lookForVitest]);
  copyFileSync(
    join(root, 'packages/examples/user-tests/fixtures.node-test.mjs'),
    join(ctx.project.dir, 'fixtures.node-test.mjs'),
  );
  const stdout = ctx.exec('node', ['--test', '--test-reporter=spec', 'fixtures.node-test.mjs']);
  const passed = Number(/^\S*\s*pass (\d+)/m.exec(stdout)?.[1] ?? 0);
  const total = Number(/^\S*\s*tests (\d+)/m.exec(stdout)?.[1] ?? 0);
  if (passed === 0 || passed !== total) throw new Error(`node --test did not pass every test:\n${stdout}`);
  // Not node's own summary lines: CI reads those as the run's result.
  return `node --test: all ${total} tests of the user's file pass`;
}

/** Starts the fake consoles from the project's installed testkit; resolves once they listen. */
async function startFakes(projectDir) {
  copyFileSync(join(root, 'scripts/pack-test/start-fakes.mjs'), join(projectDir, 'start-fakes.mjs'));
  const child = spawn(process.execPath, ['start-fakes.mjs'], { cwd: projectDir, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const lines = createInterface({ input: child.stdout });
  const first = await Promise.race([
    new Promise((resolve) => lines.once('line', resolve)),
    exited.then((code) => {
      throw new Error(`the fake consoles exited (${code}) before listening`);
    }),
    new Promise((_, reject) => setTimeout(() => reject(new Error('the fake consoles did not start')), 60_000).unref()),
  ]);
  const fakes = JSON.parse(first);
  return {
    fakes,
    async stop() {
      child.stdin.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

function context(project, packages, fakes) {
  const caFile = join(project.dir, 'fake-enterprise-ca.pem');
  if (fakes.enterprise.ca) writeFileSync(caFile, fakes.enterprise.ca);
  // The documented environment variables (see the README), pointing at the fakes.
  const fakeEnv = {
    POMERIUM_ZERO_API_TOKEN: fakes.zero.apiUserToken,
    POMERIUM_ZERO_URL: fakes.zero.url,
    POMERIUM_ENTERPRISE_URL: fakes.enterprise.url,
    POMERIUM_SERVICE_ACCOUNT: fakes.enterprise.serviceAccountToken,
    ...(fakes.enterprise.ca ? { POMERIUM_ENTERPRISE_CA_FILE: caFile } : {}),
  };
  const execWithStderr = (command, args, options = {}) =>
    spawnSyncChecked(command, args, { cwd: project.dir, env: { ...process.env, ...fakeEnv, ...options.env } });
  return {
    project,
    packages,
    fakes,
    fakeEnv,
    write: (file, text) => writeFileSync(join(project.dir, file), text),
    execWithStderr,
    exec: (command, args, options) => {
      const { stdout, stderr } = execWithStderr(command, args, options);
      if (stderr.trim()) process.stderr.write(stderr);
      return stdout;
    },
  };
}

/** Runs a command to completion; returns its stdout and stderr, or throws with both on failure. */
function spawnSyncChecked(command, args, options) {
  const result = spawnSync(command, args, {
    ...options,
    encoding: 'utf8',
    timeout: stepTimeoutMs,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit ${result.status ?? result.signal}`;
    throw new Error(`${command} ${args.join(' ')} failed (${why}):\n${result.stdout ?? ''}${result.stderr ?? ''}`);
  }
  return { stdout: result.stdout, stderr: result.stderr };
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const packages = publishedPackages();
  const temp = makeTempDir('pack-test');
  let failed = 0;
  let passed = 0;
  try {
    const tarballs = args.packed ? packedTarballs(args.packed, packages) : packAll(join(temp, 'packed'), packages);
    for (const project of projects) {
      project.dir = join(temp, project.name);
      console.log(`\n== ${project.name} project (type: ${project.type}) in ${project.dir}`);
      createNpmProject(project.dir, { type: project.type, tarballs, dependencies: typeScriptDependencies });
      const fakes = await startFakes(project.dir);
      try {
        const ctx = context(project, packages, fakes.fakes);
        for (const check of checks) {
          if (check.projects && !check.projects.includes(project.name)) continue;
          try {
            const output = await check.run(ctx);
            passed++;
            console.log(`ok   [${project.name}] ${check.name}`);
            if (typeof output === 'string' && output.trim()) console.log(indent(output.trim()));
          } catch (error) {
            failed++;
            console.log(`FAIL [${project.name}] ${check.name}\n${indent(String(error?.message ?? error))}`);
          }
        }
      } finally {
        await fakes.stop();
      }
    }
  } finally {
    removeTempDir(temp);
  }
  console.log(`\npack test: ${passed} checks passed, ${failed} failed`);
  if (failed > 0) process.exit(1);
}

function indent(text) {
  return text
    .split('\n')
    .map((line) => `     ${line}`)
    .join('\n');
}

await main();
