// API reference (`pnpm docs` → docs/api/, gitignored): one page set per published
// package, from the doc comments of its entry point.
import { readdirSync, readFileSync } from 'node:fs';
import { OptionDefaults } from 'typedoc';

// The published packages: every packages/* without "private": true.
const packages = readdirSync('packages').filter((name) => {
  try {
    return JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8')).private !== true;
  } catch {
    return false;
  }
});

// `@generated` is how protobuf-es marks its generated members (enterprise-protos).
const blockTags = [...OptionDefaults.blockTags, '@generated'];

/** @type {Partial<import('typedoc').TypeDocOptions>} */
export default {
  name: 'pomerium-unified',
  entryPointStrategy: 'packages',
  entryPoints: packages.map((name) => `packages/${name}`),
  packageOptions: {
    entryPoints: ['src/index.ts'],
    tsconfig: 'tsconfig.build.json',
    blockTags,
    // Types inferred from internal zod schemas and parameter types of internal helpers
    // are shown inline where they are used; not exporting them is intended.
    validation: { notExported: false },
    // No source links: they need a git remote, which a fresh clone or a tarball may not have.
    disableSources: true,
  },
  blockTags,
  highlightLanguages: [...OptionDefaults.highlightLanguages, 'diff'],
  out: 'docs/api',
  readme: 'README.md',
  disableSources: true,
  treatWarningsAsErrors: true,
};
