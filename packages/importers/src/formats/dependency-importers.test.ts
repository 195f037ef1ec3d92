import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FindingDraftSchema, ParseError } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Importer } from '../importer.js';
import { IMPORTERS } from '../importers.js';
import { allSampleReports, type SampleReport } from '../test-support/sample-reports.js';
import { DEPENDENCY_IMPORTERS } from './dependency-importers.js';

// The checks every dependency importer passes, whatever its format (STYLE.md: one shared
// conformance suite per interface).

const ids = DEPENDENCY_IMPORTERS.map((i) => i.id);
const mine = (sample: SampleReport) => ids.includes(sample.format);
const samples = allSampleReports();
const ownSamples = samples.filter(mine);

function onlyParseError(importer: Importer, text: string, file: string): void {
  try {
    importer.parse(text, { file });
  } catch (err) {
    expect(err).toBeInstanceOf(ParseError);
    expect((err as ParseError).position.file).toBe(file);
    expect((err as ParseError).message.startsWith(`${file}:`)).toBe(true);
  }
}

describe('dependency importers: conformance', () => {
  it('have unique ids, a description, a folder with samples, and are registered', () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const importer of DEPENDENCY_IMPORTERS) {
      expect(importer.description.length).toBeGreaterThan(10);
      const folder = fileURLToPath(new URL(`./${importer.id}/fixtures`, import.meta.url));
      expect(existsSync(folder), `${importer.id} has a fixtures/ folder`).toBe(true);
      expect(ownSamples.some((s) => s.format === importer.id)).toBe(true);
      expect(IMPORTERS).toContain(importer);
    }
  });

  it.each(ownSamples.map((s) => [`${s.format}/${s.name}`, s] as const))(
    '%s: detected by its own importer and by no other',
    (_, sample) => {
      const claimed = IMPORTERS.filter((i) => i.detect(sample.text, sample.json)).map((i) => i.id);
      expect(claimed).toEqual([sample.format]);
    },
  );

  it.each(samples.filter((s) => !mine(s)).map((s) => [`${s.format}/${s.name}`, s] as const))(
    "%s (another format's sample): claimed by no dependency importer",
    (_, sample) => {
      expect(
        DEPENDENCY_IMPORTERS.filter((i) => i.detect(sample.text, sample.json)).map((i) => i.id),
      ).toEqual([]);
    },
  );

  it.each(ownSamples.map((s) => [`${s.format}/${s.name}`, s] as const))(
    '%s: every draft is a valid FindingDraft, with findings',
    (_, sample) => {
      const importer = DEPENDENCY_IMPORTERS.find((i) => i.id === sample.format) as Importer;
      const drafts = importer.parse(sample.text, { file: `reports/${sample.name}` });
      expect(drafts.length).toBeGreaterThan(0);
      for (const draft of drafts) {
        expect(() => FindingDraftSchema.parse(draft)).not.toThrow();
        if (draft.scanner === 'sca') {
          expect(draft.location.kind).toBe('package');
          expect(draft.remediation).toMatch(/^(Upgrade|No fixed version|\S+ comes in through)/);
          expect(new Set(draft.references).size).toBe(draft.references.length);
        }
      }
    },
  );

  it.each(DEPENDENCY_IMPORTERS.map((i) => [i.id, i] as const))(
    '%s: detect() never throws, on any text or JSON value',
    (_, importer) => {
      fc.assert(
        fc.property(fc.jsonValue(), fc.string({ maxLength: 200 }), (json, text) => {
          expect(typeof importer.detect(text, json)).toBe('boolean');
          expect(typeof importer.detect(JSON.stringify(json) ?? '', undefined)).toBe('boolean');
        }),
        { numRuns: 300 },
      );
    },
  );

  it.each(DEPENDENCY_IMPORTERS.map((i) => [i.id, i] as const))(
    '%s: arbitrary text and JSON fail with nothing but a ParseError naming the file',
    (_, importer) => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.string({ unit: 'grapheme-ascii', maxLength: 300 }),
            fc.jsonValue().map((v) => JSON.stringify(v) ?? 'null'),
          ),
          (text) => onlyParseError(importer, text, 'in/report.json'),
        ),
        { numRuns: 300 },
      );
    },
  );

  it.each(ownSamples.map((s) => [`${s.format}/${s.name}`, s] as const))(
    '%s: truncated or corrupted copies fail with nothing but a ParseError',
    (_, sample) => {
      const importer = DEPENDENCY_IMPORTERS.find((i) => i.id === sample.format) as Importer;
      fc.assert(
        fc.property(fc.nat(sample.text.length), fc.string({ maxLength: 3 }), (at, junk) => {
          onlyParseError(importer, sample.text.slice(0, at), sample.name);
          onlyParseError(
            importer,
            sample.text.slice(0, at) + junk + sample.text.slice(at + 1),
            sample.name,
          );
        }),
        { numRuns: 60 },
      );
    },
  );
});
