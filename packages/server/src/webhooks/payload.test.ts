import { describe, expect, it } from 'vitest';
import { codeFinding } from '../ingest/ingest-test-support.js';
import { locationOf, type RampartEvent, renderWebhookBody } from './payload.js';

const owner = {
  project: { id: 'p1', name: 'shop' },
  team: { id: 't1', slug: 'payments', name: 'Payments' },
};
const finding = {
  id: 'f1',
  title: 'SQL injection in <!channel> & friends',
  ruleId: 'js.sqli',
  scanner: 'sast',
  severity: 'critical',
  location: 'src/db.js:3',
  firstSeenAt: '2026-01-01T00:00:00.000Z',
  firstSeenStage: 'main',
};
const newCritical: RampartEvent = {
  event: 'finding.new_critical',
  occurredAt: '2026-01-01T00:00:05.000Z',
  ...owner,
  finding,
  scanId: 's1',
  link: '/findings/f1',
};

describe('webhook bodies', () => {
  it('are Slack messages (text and blocks) with the structured event under `rampart`', () => {
    const body = JSON.parse(renderWebhookBody(newCritical));
    expect(Object.keys(body).sort()).toEqual(['blocks', 'rampart', 'text']);
    expect(body.text).toBe(
      'New critical finding in shop (team Payments): SQL injection in &lt;!channel&gt; &amp; friends',
    );
    expect(body.blocks.map((b: { type: string }) => b.type)).toEqual([
      'section',
      'section',
      'context',
    ]);
    expect(body.blocks[0].text).toEqual({
      type: 'mrkdwn',
      text: expect.stringContaining('*New critical finding* in *shop* (team Payments)'),
    });
    expect(body.blocks[1].fields).toContainEqual({
      type: 'mrkdwn',
      text: '*Location*\n`src/db.js:3`',
    });
    expect(body.rampart).toEqual(newCritical);
  });

  it('escape what a scan controls, so a title cannot mention @channel or forge a link', () => {
    const { text, blocks, rampart } = JSON.parse(renderWebhookBody(newCritical));
    expect(JSON.stringify({ text, blocks })).not.toContain('<!channel>');
    // The structured copy is data, not markup: it keeps the title as reported.
    expect(rampart.finding.title).toBe(finding.title);
  });

  it('link to the finding with the public URL when the hub knows it, else give the path', () => {
    const absolute = JSON.parse(renderWebhookBody(newCritical, 'https://rampart.example.com/'));
    expect(absolute.rampart.link).toBe('https://rampart.example.com/findings/f1');
    expect(absolute.blocks[0].text.text).toContain(
      '<https://rampart.example.com/findings/f1|SQL injection in &lt;!channel&gt; &amp; friends>',
    );
    const relative = JSON.parse(renderWebhookBody(newCritical));
    expect(relative.rampart.link).toBe('/findings/f1');
    expect(relative.blocks[0].text.text).toContain('`/findings/f1`');
  });

  it('describe an SLA breach with its due date and the days overdue', () => {
    const body = JSON.parse(
      renderWebhookBody({
        event: 'sla.breach',
        occurredAt: '2026-01-12T00:00:00.000Z',
        ...owner,
        finding: { ...finding, title: 'Weak hash', severity: 'high' },
        sla: {
          days: 7,
          openedAt: '2026-01-01T00:00:00.000Z',
          dueAt: '2026-01-08T00:00:00.000Z',
          daysOverdue: 4,
        },
        link: '/findings/f1',
      }),
    );
    expect(body.text).toBe(
      'SLA breached: high finding in shop (team Payments) was due 2026-01-08T00:00:00.000Z: Weak hash',
    );
    expect(body.blocks[0].text.text).toContain(
      '*SLA breached* in *shop* (team Payments): 4 days overdue',
    );
    expect(body.rampart.sla).toEqual({
      days: 7,
      openedAt: '2026-01-01T00:00:00.000Z',
      dueAt: '2026-01-08T00:00:00.000Z',
      daysOverdue: 4,
    });
  });
});

describe('locationOf', () => {
  it('names a file and line, never the snippet', () => {
    const data = JSON.stringify(codeFinding('k', { path: 'src/keys.js' }));
    expect(locationOf(data)).toBe('src/keys.js:3');
    expect(locationOf(data)).not.toContain('query(');
  });

  it('names a package by purl and manifest', () => {
    const data = JSON.stringify({
      location: {
        kind: 'package',
        purl: 'pkg:npm/lodash@4.17.20',
        manifestPath: 'package-lock.json',
      },
    });
    expect(locationOf(data)).toBe('pkg:npm/lodash@4.17.20 (package-lock.json)');
  });

  it('names a URL without its query string or fragment (they may carry tokens)', () => {
    const data = JSON.stringify({
      location: {
        kind: 'url',
        method: 'GET',
        url: 'https://app.example.com/reset?token=abc#x',
        parameter: 'token',
        evidence: { response: 'secret stuff' },
      },
    });
    expect(locationOf(data)).toBe('GET https://app.example.com/reset (parameter token)');
  });

  it('gives null for data it cannot read', () => {
    expect(locationOf('{')).toBeNull();
    expect(locationOf('{}')).toBeNull();
  });
});
