import { describe, expect, it } from 'vitest';
import { runDemo } from '../src/run-demo.js';

describe('pnpm demo', () => {
  it('runs both walkthroughs on the embedded fake consoles and finds Zero and Enterprise equal', async () => {
    const lines: string[] = [];
    const exitCode = await runDemo((text) => lines.push(text));
    const output = lines.join('\n');
    expect(output).toContain('Zero now holds:');
    expect(output).toContain('Enterprise now holds:');
    expect(output).toContain('HTTP Bin (https://httpbin.calm-river-4821.pomerium.app → http://httpbin:80)');
    expect(output).toContain('my route (https://test.localhost.pomerium.io → https://verify.pomerium.com)');
    expect(output).toContain('Side by side');
    expect(output).toMatch(/All \d+ values match between Zero and Enterprise\./);
    expect(output).not.toContain('✗');
    expect(exitCode).toBe(0);
  });
});
