import { createMemoryLogger, type Finding, ScanReportSchema } from '@rampart/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApiClient } from './api-client.js';
import { createGithubForge, githubMessages } from './github-forge.js';
import { STICKY_COMMENT_MARKER } from './markers.js';
import type { GithubPullRequest } from './pr-context.js';
import { reviewCandidates, stickyBody, syncComments } from './sync-comments.js';
import { type FakeForge, startFakeForge } from './test-support/fake-forge.js';

/** Built at run time, so that the repository's own secret scan stays clean. */
const TOKEN = ['ghs', 'S'.repeat(36)].join('_');
const HEAD = 'd4'.repeat(20);

function finding(n: number, more: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'js-eval',
    scanner: 'sast',
    tool: { name: 'rampart', version: 'test' },
    title: 'eval of input',
    message: `eval number ${n}`,
    severity: 'medium',
    confidence: 'high',
    cwe: ['CWE-95'],
    location: {
      kind: 'code',
      path: 'src/a.js',
      region: { startLine: n, startColumn: 1, endLine: n, endColumn: 5 },
    },
    references: [],
    tags: [],
    fingerprint: n.toString(16).padStart(32, '0'),
    ...more,
  };
}

function report(findings: Finding[], target = '.') {
  return ScanReportSchema.parse({
    schemaVersion: 1,
    tool: { name: 'rampart', version: 'test' },
    scan: {
      target,
      stage: 'pr',
      startedAt: '2026-03-01T09:59:00.000Z',
      finishedAt: '2026-03-01T09:59:01.000Z',
      durationMs: 1000,
      filesScanned: 1,
      skipped: [],
      scanners: [{ kind: 'sast', durationMs: 1, findings: findings.length, invalidFindings: 0 }],
    },
    summary: {
      total: findings.length,
      bySeverity: { critical: 0, high: 0, medium: findings.length, low: 0, info: 0 },
      byScanner: { sast: findings.length },
      suppressed: 0,
    },
    gate: { threshold: 'high', passed: true, summary: 'gate passed', failing: [] },
    findings,
    suppressed: [],
  });
}

describe('stickyBody', () => {
  it('is the marker line and the summary when it fits', () => {
    expect(stickyBody('## Rampart\n', 100)).toBe(`${STICKY_COMMENT_MARKER}\n## Rampart\n`);
  });

  it('cuts a long summary at a line, closes an open code block and says so', () => {
    const summary = `## Rampart\n\n\`\`\`js\n${'eval(x);\n'.repeat(500)}\`\`\`\n`;
    const body = stickyBody(summary, 1000);
    expect(body.length).toBeLessThanOrEqual(1000);
    expect(body.startsWith(`${STICKY_COMMENT_MARKER}\n## Rampart`)).toBe(true);
    expect(body).toMatch(
      /eval\(x\);\n```\n\n_This summary was cut short to fit the 1,000-character limit/,
    );
  });
});

describe('reviewCandidates', () => {
  it('keeps new code findings, most severe first, with paths from the repository top', () => {
    const list = reviewCandidates(
      report(
        [
          finding(1),
          finding(2, { severity: 'critical' }),
          finding(3, { novelty: 'existing' }),
          finding(4, { fingerprint: 'not markable -->' }),
          finding(1, { message: 'the same fingerprint again' }),
        ],
        'services/api',
      ),
    );
    expect(list.map((c) => [c.path, c.finding.severity])).toEqual([
      ['services/api/src/a.js', 'critical'],
      ['services/api/src/a.js', 'medium'],
    ]);
  });
});

describe('syncComments', () => {
  let forge: FakeForge;
  beforeEach(async () => {
    forge = await startFakeForge();
    forge.addUser(TOKEN, { id: 1, login: 'github-actions[bot]', type: 'Bot', integration: true });
    forge.addPull({
      number: 3,
      headSha: HEAD,
      baseSha: 'e5'.repeat(20),
      startSha: 'f6'.repeat(20),
      files: [{ path: 'src/a.js', patch: `@@ -1,0 +1,6 @@\n${'+x\n'.repeat(6)}` }],
    });
  });
  afterEach(() => forge.close());

  it('posts at most the limit of review comments a run, most severe first', async () => {
    const pr: GithubPullRequest = {
      platform: 'github',
      apiUrl: forge.url,
      owner: 'acme',
      repo: 'shop',
      number: 3,
      headSha: HEAD,
    };
    const logger = createMemoryLogger();
    const client = createApiClient({
      flavour: 'github',
      baseUrl: forge.url,
      token: TOKEN,
      userAgent: 'rampart/test',
      logger,
      ...githubMessages(pr),
    });
    const findings = [1, 2, 3, 4, 5].map((n) => finding(n, n === 4 ? { severity: 'high' } : {}));
    const outcome = await syncComments(
      createGithubForge(pr, client, logger),
      report(findings),
      '## Rampart\n',
      {
        review: true,
        logger,
        maxReviewComments: 2,
      },
    );
    expect(outcome.review).toEqual({
      posted: 2,
      kept: 0,
      closed: 0,
      duplicates: 0,
      notOnChangedLines: 0,
      refused: 0,
      overLimit: 3,
    });
    expect(forge.reviewComments(3).map((c) => c.line)).toEqual([4, 1]);
  });
});
