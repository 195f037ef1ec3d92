import { FindingDraftSchema, ParseError } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import { CODE_IMPORTERS } from './formats/code-importers.js';
import { IMPORTERS } from './importers.js';
import { allSampleReports, sampleReportsOf } from './test-support/sample-reports.js';

// One suite every registered importer runs: its samples import, every draft is a valid
// FindingDraft, and auto-detection (the first importer whose `detect` says yes) picks it.

describe('importer registry', () => {
  it('has unique ids, each with a description', () => {
    const ids = IMPORTERS.map((importer) => importer.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const importer of IMPORTERS) {
      expect(importer.id).toMatch(/^[a-z][a-z0-9-]*$/);
      expect(importer.description.trim(), importer.id).not.toBe('');
    }
  });

  it('gives every code importer sample reports in its fixtures folder', () => {
    for (const importer of CODE_IMPORTERS) {
      expect(sampleReportsOf(importer.id).length, importer.id).toBeGreaterThan(0);
    }
  });

  it('knows the importer of every sample folder', () => {
    const ids = new Set(IMPORTERS.map((importer) => importer.id));
    for (const sample of allSampleReports()) {
      expect(ids.has(sample.format), `${sample.format}/${sample.name}`).toBe(true);
    }
  });
});

describe.each(IMPORTERS.map((importer) => [importer.id, importer] as const))(
  'importer %s',
  (id, importer) => {
    const samples = sampleReportsOf(id);

    it.each(samples.map((s) => [s.name, s] as const))(
      'imports %s into valid finding drafts',
      (name, sample) => {
        const drafts = importer.parse(sample.text, { file: `fixtures/${name}` });
        expect(drafts.length).toBeGreaterThan(0);
        for (const draft of drafts) {
          const parsed = FindingDraftSchema.safeParse(draft);
          expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
          expect(draft.tool.name).not.toBe('rampart');
        }
      },
    );

    it.each(samples.map((s) => [s.name, s] as const))(
      'is the importer auto-detection picks for %s',
      (_name, sample) => {
        const picked = IMPORTERS.find((candidate) => candidate.detect(sample.text, sample.json));
        expect(picked?.id).toBe(id);
      },
    );

    it('rejects an empty file and a file that is not a report with a ParseError naming it', () => {
      for (const text of ['', 'not a report\n', '<html></html>']) {
        let thrown: unknown;
        let drafts: unknown;
        try {
          drafts = importer.parse(text, { file: 'in/report.txt' });
        } catch (err) {
          thrown = err;
        }
        // An empty JSON Lines file is a report of nothing; anything else must be rejected.
        if (thrown === undefined) {
          expect(text).toBe('');
          expect(drafts).toEqual([]);
          continue;
        }
        expect(thrown).toBeInstanceOf(ParseError);
        expect((thrown as ParseError).position.file).toBe('in/report.txt');
        expect((thrown as ParseError).message).toMatch(/^in\/report\.txt/);
      }
    });
  },
);
