const irregular: Record<string, string> = { policy: 'policies', change: 'changes' };

/** `1 route`, `3 routes`, `2 policies`. */
export function plural(count: number, word: string): string {
  return `${count} ${count === 1 ? word : (irregular[word] ?? `${word}s`)}`;
}
