import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/run-demo.js';

describe('pnpm demo', () => {
  it('runs both walkthroughs, migrates Enterprise to Zero through the CLI, and finds both equal', async () => {
    const lines: string[] = [];
    const exitCode = await runDemo((text) => lines.push(text));
    const output = lines.join('\n');
    expect(output).toContain('Zero now holds:');
    expect(output).toContain('Enterprise now holds:');
    expect(output).toContain('HTTP Bin (https://httpbin.calm-river-4821.pomerium.app → http://httpbin:80)');
    expect(output).toContain('my route (https://test.localhost.pomerium.io → https://verify.pomerium.com)');

    // The migration through the CLI: refused for the Rego policy, then written with --allow-lossy.
    expect(output).toContain('$ pomerium-unified migrate --from enterprise --to zero --yes');
    expect(output).toContain('Fidelity report:');
    expect(output).toContain('(exit code 3)');
    expect(output).toContain('$ pomerium-unified migrate --from enterprise --to zero --allow-lossy --yes');
    expect(output).toMatch(/\[\d\/5\] create route calm-river-4821\/Production\//);
    expect(output).toMatch(/created\s*│\s*5/);
    expect(output.slice(output.indexOf('Dropped'))).toContain('Engineers (custom Rego)');
    expect(output).toContain('grafana (https://grafana.calm-river-4821.pomerium.app → http://grafana.internal:8080)');

    // Both comparisons (before and after the migration) match.
    const comparisons = output.split('Side by side').slice(1);
    expect(comparisons).toHaveLength(2);
    for (const comparison of comparisons) {
      const table = comparison.slice(0, comparison.indexOf('values match'));
      expect(table).toMatch(/All \d+ $/);
      expect(table).not.toContain('✗');
    }
    for (const line of output.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
    expect(output).not.toContain('\u001b[');
    expect(exitCode).toBe(0);
  });
});
