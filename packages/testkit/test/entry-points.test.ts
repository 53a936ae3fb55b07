import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const packageRoot = fileURLToPath(new URL('..', import.meta.url));

/** Every package a module imports statically, following the package's own relative imports. */
function packagesImportedFrom(entry: string): Set<string> {
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const source = readFileSync(file, 'utf8');
    // Type-only imports are erased when compiled: they load nothing at run time.
    for (const match of source.matchAll(
      /^(?!\s*(?:import|export) type\s)\s*(?:import|export)\s[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm,
    )) {
      const specifier = (match[1] ?? match[2]) as string;
      if (specifier.startsWith('.')) visit(resolve(dirname(file), specifier.replace(/\.js$/, '.ts')));
      else
        packages.add(
          specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : (specifier.split('/')[0] as string),
        );
    }
  };
  visit(join(packageRoot, entry));
  return packages;
}

describe('testkit entry points', () => {
  it('the main entry (fakes and fixtures) imports neither vitest nor testcontainers statically', () => {
    const imported = packagesImportedFrom('src/index.ts');
    expect(imported).toContain('@pomerium-unified/core');
    expect(imported).not.toContain('vitest');
    expect(imported).not.toContain('testcontainers');
  });

  it('the /vitest entry holds the conformance suite', () => {
    expect(packagesImportedFrom('src/vitest.ts')).toContain('vitest');
  });

  it('no runtime dependency is a build tool or an adapter', () => {
    const manifest = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
      devDependencies?: Record<string, string>;
      peerDependenciesMeta: Record<string, { optional?: boolean }>;
      bin: Record<string, string>;
    };
    const runtime = Object.keys(manifest.dependencies);
    for (const tool of ['tsx', 'typescript', 'ts-node', 'esbuild', 'vitest']) expect(runtime).not.toContain(tool);
    const everything = [...runtime, ...Object.keys(manifest.devDependencies ?? {})];
    expect(everything.filter((name) => name.endsWith('-adapter'))).toEqual([]);
    expect(manifest.peerDependenciesMeta.vitest?.optional).toBe(true);
    expect(Object.keys(manifest.bin).sort()).toEqual(['pomerium-fake-enterprise', 'pomerium-fake-zero']);
    for (const [name, target] of Object.entries(manifest.bin)) {
      const script = readFileSync(join(packageRoot, target), 'utf8');
      expect(script.startsWith('#!/usr/bin/env node\n'), name).toBe(true);
      const built = /import '\.\.\/dist\/(.+)\.js';/.exec(script)?.[1];
      expect(built, name).toBeDefined();
      // The bin runs the built CLI, compiled from this source file.
      expect(() => readFileSync(join(packageRoot, 'src', `${built}.ts`)), name).not.toThrow();
    }
  });
});
