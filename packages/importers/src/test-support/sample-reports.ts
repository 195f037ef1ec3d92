import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

// Test support only: not part of the package's API.

const FORMATS_DIR = fileURLToPath(new URL('../formats/', import.meta.url));

/** One sample report from a format's `fixtures/` folder. */
export interface SampleReport {
  /** The format folder it sits in, which is the importer id: `semgrep`, `trivy`… */
  readonly format: string;
  readonly name: string;
  readonly text: string;
  /** The parsed JSON when the whole text is JSON, as the CLI gives `detect`. */
  readonly json: unknown;
}

/** The text as JSON, or undefined when it is not JSON (JSON Lines, XML). */
export function jsonOf(text: string): unknown {
  try {
    return JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text) as unknown;
  } catch {
    return undefined;
  }
}

/** The text of `formats/<format>/fixtures/<name>`. */
export function readFixture(format: string, name: string): string {
  return readFileSync(`${FORMATS_DIR}${format}/fixtures/${name}`, 'utf8');
}

/**
 * Every sample report of every format folder that has a `fixtures/` folder, including the
 * dependency importers' when they exist; files named `broken*`, `invalid*` or `malformed*`
 * are bad input on purpose and left out.
 */
export function allSampleReports(): SampleReport[] {
  const out: SampleReport[] = [];
  for (const entry of readdirSync(FORMATS_DIR, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = `${FORMATS_DIR}${entry.name}/fixtures`;
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir, { withFileTypes: true })) {
      if (!file.isFile() || /^(broken|invalid|malformed)/i.test(file.name)) continue;
      const text = readFileSync(`${dir}/${file.name}`, 'utf8');
      out.push({ format: entry.name, name: file.name, text, json: jsonOf(text) });
    }
  }
  return out.sort((a, b) => `${a.format}/${a.name}`.localeCompare(`${b.format}/${b.name}`));
}

/** The sample reports of one format. */
export function sampleReportsOf(format: string): SampleReport[] {
  return allSampleReports().filter((sample) => sample.format === format);
}
