/** "Did you mean …?" for a mistyped command or option, picked the way commander picks it. */

/** Edits beyond which nothing is suggested. */
const MAX_DISTANCE = 3;

/** Optimal string alignment distance: a swap of two neighbours counts as one edit. */
export function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > MAX_DISTANCE) return Math.max(a.length, b.length);
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[a.length][b.length];
}

/**
 * The hint for `word` among `candidates` ("Did you mean download?"), or null: the candidates at the
 * smallest distance (at most 3 edits) that keep more than 40 % of their letters.
 */
export function suggestion(word: string, candidates: readonly string[]): string | null {
  // Options are compared without their dashes, so "--jsn" is one edit from "--json".
  const dashes = word.startsWith("--") ? 2 : 0;
  const bare = word.slice(dashes);
  let best = MAX_DISTANCE;
  let similar: string[] = [];
  for (const candidate of new Set(candidates)) {
    const name = candidate.slice(dashes);
    if (name.length <= 1) continue;
    const distance = editDistance(bare, name);
    const length = Math.max(bare.length, name.length);
    if ((length - distance) / length <= 0.4) continue;
    if (distance < best) {
      best = distance;
      similar = [candidate];
    } else if (distance === best) similar.push(candidate);
  }
  similar.sort((a, b) => a.localeCompare(b));
  if (similar.length > 1) return `Did you mean one of ${similar.join(", ")}?`;
  return similar.length ? `Did you mean ${similar[0]}?` : null;
}
