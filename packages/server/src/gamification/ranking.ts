/**
 * Standard competition ranks ("1, 1, 3") of items already sorted best first: equal
 * scores share a rank, and the next score's rank counts everyone above it.
 * @example competitionRanks([30, 20, 20, 5]) // [1, 2, 2, 4]
 */
export function competitionRanks(sortedScores: readonly number[]): number[] {
  const ranks: number[] = [];
  sortedScores.forEach((score, i) => {
    ranks.push(i > 0 && score === sortedScores[i - 1] ? (ranks[i - 1] as number) : i + 1);
  });
  return ranks;
}
