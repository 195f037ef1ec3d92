import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createMemoryLogger,
  createScanTarget,
  loadConfig,
  PavedRoadOutcomeSchema,
  PostureSchema,
  type ScanTarget,
  silentProgress,
} from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PavedRoadReport, Violation } from '../paved-road/evaluate.js';
import { createIacScanner } from '../scanner-entry.js';
import { collectPosture } from './collect-posture.js';
import { pavedRoadEvaluationOf, pavedRoadOutcome } from './paved-road-outcome.js';

const SHA = 'c'.repeat(64);

describe('pavedRoadOutcome', () => {
  it('keeps the first 20 violations with their file and line, and counts them all', () => {
    const violation = (i: number): Violation => ({
      check: 'base-image',
      message: `image ${i} is not approved`,
      remediation: 'use registry.acme.io/node',
      severity: 'medium',
      site: { kind: 'code', path: `svc${i}/Dockerfile`, line: 1, column: 1 },
    });
    const report: PavedRoadReport = {
      policy: {
        name: 'Acme',
        source: 'https://hub.acme.io/api/v1/paved-road.yml',
        docs: undefined,
      },
      score: 50,
      passed: 1,
      failed: 1,
      notApplicable: 0,
      checks: [
        {
          id: 'base-image',
          title: 'Base image not on the paved road',
          status: 'fail',
          summary: '25 of 25 base images not approved',
          violations: Array.from({ length: 25 }, (_, i) => violation(i)),
        },
        {
          id: 'required-scanners',
          title: 'A required scanner is left out',
          status: 'pass',
          summary: 'sast run',
          violations: [],
        },
      ],
    };
    const outcome = PavedRoadOutcomeSchema.parse(pavedRoadOutcome({ report, sha256: SHA }));
    expect(outcome.policy).toEqual({
      name: 'Acme',
      source: 'https://hub.acme.io/api/v1/paved-road.yml',
      sha256: SHA,
    });
    expect(outcome.score).toBe(50);
    const [images, scanners] = outcome.checks;
    expect(images?.violationCount).toBe(25);
    expect(images?.violations).toHaveLength(20);
    expect(images?.violations[3]).toEqual({
      message: 'image 3 is not approved',
      remediation: 'use registry.acme.io/node',
      path: 'svc3/Dockerfile',
      line: 1,
    });
    expect(scanners).toEqual({
      id: 'required-scanners',
      status: 'pass',
      summary: 'sast run',
      violationCount: 0,
      violations: [],
    });
  });
});

describe("the iac scanner's evaluation in the posture", () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'rampart-posture-paved-'));
    await writeFile(join(dir, 'Dockerfile'), 'FROM node:20\nUSER node\nHEALTHCHECK NONE\n');
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function scan(diffBase?: string): Promise<ScanTarget> {
    const target = await createScanTarget(dir, { gitFacts: false });
    const ctx = {
      config: await loadConfig({ root: dir }),
      logger: createMemoryLogger(),
      progress: silentProgress,
      signal: new AbortController().signal,
      cacheDir: join(dir, '.cache'),
      rulePaths: [],
      diffBase,
    };
    try {
      for await (const _ of createIacScanner().scan(target, ctx)) {
        // the findings are the scanner tests' business
      }
    } catch {
      // a policy that cannot be loaded fails the scanner; the posture must still be built
    }
    return target;
  }

  it("hands the full scan's evaluation and the policy's hash to the posture", async () => {
    const policy = 'version: 1\nname: Acme\nbaseImages:\n  registries: [registry.acme.io]\n';
    await writeFile(join(dir, 'paved-road.yml'), policy);
    await writeFile(join(dir, 'rampart.yml'), 'pavedRoad: paved-road.yml\n');
    const target = await scan();
    expect(pavedRoadEvaluationOf(target)).toBeDefined();
    const posture = PostureSchema.parse(await collectPosture(target));
    expect(posture.pavedRoad?.policy).toEqual({
      name: 'Acme',
      source: 'paved-road.yml',
      sha256: createHash('sha256').update(policy).digest('hex'),
    });
    expect(posture.pavedRoad?.score).toBe(0);
    const image = posture.pavedRoad?.checks.find((c) => c.id === 'base-image');
    expect(image?.status).toBe('fail');
    expect(image?.violations[0]).toMatchObject({ path: 'Dockerfile', line: 1 });
  });

  it('has no outcome for a diff scan, or without a policy', async () => {
    await writeFile(join(dir, 'paved-road.yml'), 'version: 1\n');
    await writeFile(join(dir, 'rampart.yml'), 'pavedRoad: paved-road.yml\n');
    expect(pavedRoadEvaluationOf(await scan('origin/main'))).toBeUndefined();
    await rm(join(dir, 'rampart.yml'));
    const target = await scan();
    expect(pavedRoadEvaluationOf(target)).toBeUndefined();
    expect((await collectPosture(target)).pavedRoad).toBeUndefined();
  });

  it('leaves the outcome out when the policy cannot be loaded', async () => {
    await writeFile(join(dir, 'paved-road.yml'), 'version: 2\n');
    await writeFile(join(dir, 'rampart.yml'), 'pavedRoad: paved-road.yml\n');
    const posture = await collectPosture(await scan());
    expect(posture.pavedRoad).toBeUndefined();
    expect(posture.facts.linesOfCode).toBe(0);
  });
});
