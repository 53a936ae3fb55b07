import { normalizePpl, PomeriumError } from '@pomerium-unified/core';
import { isNode, LineCounter, parseDocument, stringify } from 'yaml';
import type { PomeriumConfig } from './config-document.js';
import { pomeriumConfigSchema } from './config-schema.js';

/** Text formats of a configuration document. */
export type ConfigFormat = 'yaml' | 'json';

/** Writes a document as YAML (default) or JSON, keys in the document's fixed order. */
export function stringifyConfig(config: PomeriumConfig, options: { format?: ConfigFormat } = {}): string {
  if (options.format === 'json') return `${JSON.stringify(config, null, 2)}\n`;
  return stringify(config, { lineWidth: 0, aliasDuplicateObjects: false });
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path
    .map((segment, index) =>
      typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`,
    )
    .join('');
}

function fail(message: string, field: string | undefined, cause?: unknown): never {
  throw new PomeriumError(message, {
    code: 'invalid_argument',
    ...(field === undefined ? {} : { field }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/**
 * Reads and validates a YAML or JSON document (YAML by default; JSON is read
 * the same way, as YAML 1.2 is a superset). A syntax or validation error is a
 * `PomeriumError` `invalid_argument` whose message names the source, the line
 * and the field, and whose `field` is the path of the offending field.
 */
export function parseConfig(text: string, options: { format?: ConfigFormat; source?: string } = {}): PomeriumConfig {
  const source = options.source ?? 'configuration';
  if (typeof text !== 'string') fail(`${source}: expected the text of a document`, undefined);
  if (options.format === 'json') {
    try {
      JSON.parse(text);
    } catch (error) {
      fail(`${source}: not valid JSON: ${(error as Error).message}`, undefined, error);
    }
  }
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const { line } = lineCounter.linePos(syntaxError.pos[0]);
    fail(`${source}:${line}: ${syntaxError.message.split('\n')[0]}`, undefined, syntaxError);
  }
  const result = pomeriumConfigSchema.safeParse(document.toJS({ maxAliasCount: 100 }));
  if (!result.success) {
    const [issue] = result.error.issues;
    const path = issue?.path ?? [];
    let line: number | undefined;
    for (let length = path.length; length >= 0 && line === undefined; length--) {
      const node = document.getIn(path.slice(0, length) as unknown[], true);
      if (isNode(node) && node.range) line = lineCounter.linePos(node.range[0]).line;
    }
    const field = fieldOf(path);
    fail(
      `${source}${line === undefined ? '' : `:${line}`}: ${field || 'document'}: ${issue?.message ?? 'invalid'}`,
      field || undefined,
      result.error,
    );
  }
  const config = result.data as PomeriumConfig;
  for (const policy of config.policies) policy.ppl = normalizePpl(policy.ppl);
  return config;
}
