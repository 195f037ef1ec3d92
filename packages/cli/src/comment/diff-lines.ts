const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/**
 * The new-side line numbers a unified diff adds (its `+` lines), read hunk by hunk: each
 * header `@@ -a,b +c,d @@` says where the hunk starts on the new side and how many lines
 * each side has, so text outside hunks (`diff --git`, `--- a/x`, `+++ b/x`) is never taken
 * for an added line. A truncated or malformed patch gives the lines it does describe: fewer
 * review comments, never one on a line the pull request did not change.
 * @example addedLines('@@ -1,2 +1,3 @@\n a\n+b\n c') // Set { 2 }
 */
export function addedLines(patch: string): Set<number> {
  const added = new Set<number>();
  const lines = patch.split('\n');
  let i = 0;
  while (i < lines.length) {
    const header = HUNK_HEADER.exec(lines[i] ?? '');
    i++;
    if (!header) continue;
    let oldLeft = header[2] === undefined ? 1 : Number(header[2]);
    let newLeft = header[4] === undefined ? 1 : Number(header[4]);
    let newLine = Number(header[3]);
    while (i < lines.length && (oldLeft > 0 || newLeft > 0)) {
      const line = (lines[i] ?? '').replace(/\r$/, '');
      const mark = line[0];
      if (mark === '+' && newLeft > 0) {
        if (newLine >= 1) added.add(newLine);
        newLine++;
        newLeft--;
      } else if (mark === '-' && oldLeft > 0) {
        oldLeft--;
      } else if ((mark === ' ' || line === '') && oldLeft > 0 && newLeft > 0) {
        // A context line; some tools drop the space of an empty context line.
        newLine++;
        oldLeft--;
        newLeft--;
      } else if (mark === '\\') {
        // "\ No newline at end of file" belongs to the line before it.
      } else break; // the hunk says more lines than it has: stop at what it described
      i++;
    }
  }
  return added;
}
