/**
 * Edit distance between two strings where inserting, deleting or replacing a
 * character, or swapping two adjacent ones (`emial` → `email`), costs 1
 * (optimal string alignment distance).
 */
export function editDistance(left: string, right: string): number {
  const rows = left.length + 1;
  const columns = right.length + 1;
  const distance: number[][] = Array.from({ length: rows }, (_, row) =>
    Array.from({ length: columns }, (_, column) => (row === 0 ? column : column === 0 ? row : 0)),
  );
  for (let row = 1; row < rows; row++) {
    for (let column = 1; column < columns; column++) {
      const cost = left[row - 1] === right[column - 1] ? 0 : 1;
      let best = Math.min(
        distance[row - 1]![column]! + 1,
        distance[row]![column - 1]! + 1,
        distance[row - 1]![column - 1]! + cost,
      );
      if (row > 1 && column > 1 && left[row - 1] === right[column - 2] && left[row - 2] === right[column - 1]) {
        best = Math.min(best, distance[row - 2]![column - 2]! + 1);
      }
      distance[row]![column] = best;
    }
  }
  return distance[rows - 1]![columns - 1]!;
}

/**
 * The candidate closest to `word` for a "did you mean" hint, or undefined when
 * none is close enough (at most a third of the word's length in edits, and at
 * least 1). Case and `-`/`_` differences count as close (`httpMethod`, `http-method`).
 */
export function suggestClosest(word: string, candidates: readonly string[]): string | undefined {
  const simplify = (value: string) => value.toLowerCase().replace(/[-_\s]/g, '');
  const simple = simplify(word);
  const exact = candidates.find((candidate) => simplify(candidate) === simple);
  if (exact !== undefined) return exact;
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}
