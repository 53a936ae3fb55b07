/**
 * Wraps text at spaces so no line is longer than `width` (a word longer than
 * that stays whole), prefixing every line after the first with `indent`.
 */
export function wrapText(text: string, width: number, indent = ''): string {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(' ')) {
    const prefix = lines.length === 0 ? '' : indent;
    if (line !== '' && prefix.length + line.length + 1 + word.length > width) {
      lines.push(prefix + line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  lines.push((lines.length === 0 ? '' : indent) + line);
  return lines.join('\n');
}

/** The width reports wrap at: the terminal's, at most 100. */
export function reportWidth(columns: number | undefined): number {
  return Math.max(40, Math.min(columns ?? 100, 100));
}
