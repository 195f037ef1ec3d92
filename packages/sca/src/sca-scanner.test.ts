import { describe, expect, it } from 'vitest';
import type { StoredAdvisory } from './osv/store.js';
import { titleOf } from './sca-scanner.js';

function advisory(fields: Partial<StoredAdvisory>): StoredAdvisory {
  return { id: 'X', modified: '', aliases: [], severity: [], cwes: [], references: [], ...fields };
}

describe('titleOf', () => {
  it('uses the summary when there is one', () => {
    expect(
      titleOf({ id: 'GHSA-1', summary: ' Prototype pollution in lodash ', advisories: [] }),
    ).toBe('Prototype pollution in lodash');
  });

  it('else the first useful sentence of the details, without markdown and NVD boilerplate', () => {
    const details =
      'An issue was discovered in Django 1.11.x before 1.11.23. Due to the behaviour of `HTMLParser`, strip_tags is slow. More text.';
    expect(
      titleOf({ id: 'PYSEC-1', summary: undefined, advisories: [advisory({ details })] }),
    ).toBe('Due to the behaviour of HTMLParser, strip_tags is slow.');
    expect(
      titleOf({
        id: 'PYSEC-2',
        summary: undefined,
        advisories: [
          advisory({ details: 'Django 2.2 allows account takeover via e-mail. Upgrade.' }),
        ],
      }),
    ).toBe('Django 2.2 allows account takeover via e-mail.');
  });

  it('cuts long sentences and falls back to the id', () => {
    const long = `${'word '.repeat(60)}end.`;
    const title = titleOf({
      id: 'GO-1',
      summary: undefined,
      advisories: [advisory({ details: long })],
    });
    expect(title.length).toBe(120);
    expect(title.endsWith('…')).toBe(true);
    expect(titleOf({ id: 'GO-2', summary: undefined, advisories: [] })).toBe(
      'Known vulnerability GO-2',
    );
  });
});
