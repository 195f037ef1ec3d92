/**
 * Orders paths by UTF-16 code units: the same on every machine, unlike `localeCompare`,
 * so reports and snapshots do not change with the locale.
 */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
