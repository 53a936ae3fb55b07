import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const files = ['pass-fake-ca.ts', 'plaintext-has-no-ca.ts'].map((file) =>
  fileURLToPath(new URL(`./types/${file}`, import.meta.url)),
);
let program: ts.Program | undefined;

/** The compiler's complaints about one of the files, all compiled once with exactOptionalPropertyTypes. */
function diagnosticsOf(file: string): string[] {
  const path = files.find((candidate) => candidate.endsWith(`/${file}`)) as string;
  program ??= ts.createProgram(files, {
    strict: true,
    exactOptionalPropertyTypes: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2023,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: ['node'],
  });
  return ts
    .getPreEmitDiagnostics(program, program.getSourceFile(path))
    .filter((diagnostic) => diagnostic.file?.fileName === path)
    .map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
}

describe('the fake Enterprise CA under exactOptionalPropertyTypes', { timeout: 120_000 }, () => {
  it('passes as tls.ca from a TLS console and from the fixture', () => {
    expect(diagnosticsOf('pass-fake-ca.ts')).toEqual([]);
  });

  it('is refused from a plaintext console, whose CA may be undefined', () => {
    expect(diagnosticsOf('plaintext-has-no-ca.ts').join('\n')).toMatch(/undefined/);
  });
});
