// Size budgets: installs the packed tarballs with npm into a temporary project (what a
// user gets), bundles each published package's entry points (every subpath in its
// exports, with everything it imports except Node built-ins and non-workspace peers
// such as vitest) and each scenario of scripts/size-budgets.json with esbuild, minified,
// then gzips the bundle and compares it with the budget. Prints a table.
//
//   node scripts/check-size.mjs [--packed DIR]            check
//   node scripts/check-size.mjs [--packed DIR] --update   also write budgets for packages that have none
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
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

const budgetsFile = join(root, 'scripts/size-budgets.json');
const kb = (bytes) => bytes / 1024;
/** Headroom given to a budget written by --update. */
const headroom = 1.25;

/** The code of a bundle that keeps every export of every entry point of a package. */
function packageEntryCode(manifest) {
  const exportsMap = manifest.publishConfig?.exports ?? manifest.exports ?? { '.': manifest.main };
  const subpaths = Object.keys(exportsMap).filter((subpath) => subpath !== './package.json');
  const specifiers = subpaths.map((subpath) =>
    subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`,
  );
  const imports = specifiers.map((specifier, index) => `import * as entry${index} from '${specifier}';`);
  return `${imports.join('\n')}\nexport { ${specifiers.map((_, index) => `entry${index}`).join(', ')} };\n`;
}

/** Peer dependencies that are not ours (vitest, testcontainers…): the user brings them, so they stay external. */
function foreignPeers(packages) {
  const ours = new Set(packages.map((pkg) => pkg.name));
  const peers = packages.flatMap((pkg) => Object.keys(pkg.manifest.peerDependencies ?? {}));
  return [...new Set(peers.filter((name) => !ours.has(name)))].flatMap((name) => [name, `${name}/*`]);
}

async function measure(projectDir, code, external) {
  const result = await build({
    stdin: { contents: code, resolveDir: projectDir, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    external,
    write: false,
    logLevel: 'error',
  });
  const output = result.outputFiles[0].contents;
  return { minified: output.length, gzip: gzipSync(output, { level: 9 }).length };
}

function formatTable(rows) {
  const header = ['bundle', 'minified KB', 'gzip KB', 'budget gzip KB', ''];
  const lines = [header, ...rows.map((row) => [row.label, row.minified, row.gzip, row.budget, row.status])];
  const widths = header.map((_, column) => Math.max(...lines.map((line) => String(line[column]).length)));
  return lines
    .map((line) =>
      line
        .map((cell, column) =>
          column === 0 ? String(cell).padEnd(widths[column]) : String(cell).padStart(widths[column]),
        )
        .join('  '),
    )
    .join('\n');
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const packages = publishedPackages();
  const budgets = JSON.parse(readFileSync(budgetsFile, 'utf8'));
  const temp = makeTempDir('size');
  try {
    const tarballs = args.packed ? packedTarballs(args.packed, packages) : packAll(join(temp, 'packed'), packages);
    const projectDir = join(temp, 'project');
    createNpmProject(projectDir, { type: 'module', tarballs });
    const external = foreignPeers(packages);

    const bundles = [
      ...packages.map((pkg) => ({
        label: pkg.name,
        code: packageEntryCode(pkg.manifest),
        budget: budgets.packages[pkg.name],
        target: ['packages', pkg.name],
      })),
      ...Object.entries(budgets.scenarios).map(([label, scenario]) => ({
        label: `scenario: ${label}`,
        code: scenario.code,
        budget: scenario,
        target: undefined,
      })),
    ];

    const rows = [];
    let failed = 0;
    for (const bundle of bundles) {
      const size = await measure(projectDir, bundle.code, external);
      const limit = bundle.budget?.maxGzipKB;
      let status;
      if (limit === undefined) {
        if (args.update && bundle.target) {
          budgets.packages[bundle.target[1]] = { maxGzipKB: Math.ceil(kb(size.gzip) * headroom) };
          status = 'budget written';
        } else {
          status = 'NO BUDGET';
          failed++;
        }
      } else if (kb(size.gzip) > limit) {
        status = 'OVER BUDGET';
        failed++;
      } else {
        status = 'ok';
      }
      rows.push({
        label: bundle.label,
        minified: kb(size.minified).toFixed(1),
        gzip: kb(size.gzip).toFixed(1),
        budget: limit ?? '-',
        status,
      });
    }
    console.log(`\n${formatTable(rows)}\n`);
    console.log('(each bundle: esbuild --bundle --minify --platform=node, with its dependencies, then gzip -9)');
    if (args.update) writeFileSync(budgetsFile, `${JSON.stringify(budgets, null, 2)}\n`);
    if (failed > 0) {
      console.error(
        `${failed} bundle(s) over or without a budget: cut what the bundle does not need, or (if the growth is ` +
          'wanted) raise its maxGzipKB in scripts/size-budgets.json; `--update` writes budgets for new packages.',
      );
      process.exit(1);
    }
    console.log(`${rows.length} bundles within their size budgets.`);
  } finally {
    removeTempDir(temp);
  }
}

await main();
