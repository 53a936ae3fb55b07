// Turns the figures of a run into result rows, a terminal table and a Markdown table.
import Table from 'cli-table3';

/** One row of the figures table. */
export interface ResultRow {
  goal: string;
  measure: string;
  value: string;
  target: string;
  /** true/false where the goal has a target; undefined for figures reported for information. */
  met?: boolean;
}

/** A row with a numeric figure and a bound (`max`: value ≤ bound, `exact`: value = bound). */
export function row(
  goal: string,
  measure: string,
  value: number,
  unit: string,
  bound?: { max?: number; exact?: number; note?: string },
): ResultRow {
  const shown = `${value.toLocaleString('en-US', { maximumFractionDigits: 2 })}${unit}`;
  if (!bound) return { goal, measure, value: shown, target: '' };
  const target =
    bound.max !== undefined ? `≤ ${bound.max.toLocaleString('en-US')}${unit}` : `= ${String(bound.exact)}${unit}`;
  const met = bound.max !== undefined ? value <= bound.max : value === bound.exact;
  return { goal, measure, value: shown, target: bound.note ? `${target} ${bound.note}` : target, met };
}

/** Informational row. */
export function info(goal: string, measure: string, value: string, target = ''): ResultRow {
  return { goal, measure, value, target };
}

const verdict = (met: boolean | undefined) => (met === undefined ? '' : met ? 'met' : 'NOT met');

/** The table printed at the end of a run. */
export function terminalTable(rows: ResultRow[]): string {
  const table = new Table({ head: ['goal', 'measure', 'value', 'target', ''], style: { head: [], border: [] } });
  for (const entry of rows) table.push([entry.goal, entry.measure, entry.value, entry.target, verdict(entry.met)]);
  return table.toString();
}

/** The same table in Markdown, for docs/performance.md. */
export function markdownTable(rows: ResultRow[]): string {
  const escapeCell = (text: string) => text.replaceAll('|', '\\|');
  const lines = ['| goal | measure | value | target | |', '| --- | --- | --- | --- | --- |'];
  for (const entry of rows) {
    lines.push(
      `| ${escapeCell(entry.goal)} | ${escapeCell(entry.measure)} | ${escapeCell(entry.value)} | ${escapeCell(entry.target)} | ${verdict(entry.met)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
