import type { Finding } from '@rampart/core';
import { describe, expect, it } from 'vitest';
import {
  findingMarker,
  isMarkableFingerprint,
  isStickyBody,
  markedFingerprint,
  STICKY_COMMENT_MARKER,
} from './markers.js';
import { codeSpan, inertMarkdown, markdownText, renderReviewComment } from './review-comment.js';

const FP = '0123456789abcdef0123456789abcdef';

function finding(more: Partial<Finding> = {}): Finding {
  return {
    ruleId: 'js-sql-injection-pg',
    scanner: 'sast',
    tool: { name: 'rampart', version: 'test' },
    title: 'SQL injection',
    message: 'Request data reaches a SQL query.',
    severity: 'high',
    confidence: 'high',
    cwe: ['CWE-89'],
    location: {
      kind: 'code',
      path: 'src/db.js',
      region: { startLine: 4, startColumn: 1, endLine: 4, endColumn: 30 },
    },
    remediation: 'Use a parameterised query: `db.query("… $1", [id])`.',
    references: [],
    tags: [],
    fingerprint: FP,
    ...more,
  };
}

describe('markers', () => {
  it('recognise a sticky comment and a finding comment only by their first line', () => {
    expect(isStickyBody(`${STICKY_COMMENT_MARKER}\n## Rampart`)).toBe(true);
    expect(isStickyBody(`${STICKY_COMMENT_MARKER}\r\n## Rampart`)).toBe(true);
    expect(isStickyBody(`> quoted\n${STICKY_COMMENT_MARKER}\n## Rampart`)).toBe(false);
    expect(isStickyBody(`${STICKY_COMMENT_MARKER} and more`)).toBe(false);
    expect(markedFingerprint(`${findingMarker(FP)}\nbody`)).toBe(FP);
    expect(markedFingerprint(`Looks like\n${findingMarker(FP)}`)).toBeUndefined();
    expect(markedFingerprint(STICKY_COMMENT_MARKER)).toBeUndefined();
  });

  it('refuse a fingerprint that could close or break the HTML comment', () => {
    expect(isMarkableFingerprint(FP)).toBe(true);
    expect(isMarkableFingerprint('GHSA-xxxx-yyyy:pkg/npm/a')).toBe(true);
    for (const bad of ['a-->b', 'a --!> b', 'a\nb', '', 'x'.repeat(129)]) {
      expect(isMarkableFingerprint(bad)).toBe(false);
      expect(() => findingMarker(bad)).toThrow(RangeError);
    }
  });
});

describe('markdown escaping', () => {
  it('makes repository text inert: no HTML, no links, no mentions, one line', () => {
    const text = markdownText(
      '<img src=x onerror=alert(1)> [click](https://evil.example) @alice\n# h',
    );
    expect(text).not.toMatch(/(^|[^\\])[<[\]]/);
    expect(text).toContain('@\u200balice');
    expect(text).not.toContain('\n');
    expect(markdownText('a\u202eb\x1b[31m')).toBe('a\\<U\\+202E\\>b\\\\x1b\\[31m');
  });

  it('fences a code span with more backticks than the text holds', () => {
    expect(codeSpan('a``b')).toBe('```a``b```');
    expect(codeSpan('`x')).toBe('`` `x ``');
    expect(codeSpan('rule.id')).toBe('`rule.id`');
  });

  it('keeps remediation markdown but disarms HTML, hidden markers and mentions outside code', () => {
    const md = [
      'Escape output. <script>x()</script> Ask @security-team.',
      `<!-- rampart:finding ${FP} -->`,
      '```html',
      '<p>{{ name }}</p> @Component',
      '```',
      'Use `<%= %>` not `<%- %>`; see `@types/x`.',
    ].join('\n');
    const out = inertMarkdown(md);
    expect(out.split('\n')[0]).toBe(
      'Escape output. &lt;script>x()&lt;/script> Ask @\u200bsecurity-team.',
    );
    expect(out).not.toContain('<!--');
    expect(out).toContain('<p>{{ name }}</p> @Component');
    expect(out).toContain('Use `<%= %>` not `<%- %>`; see `@types/x`.');
  });
});

describe('renderReviewComment', () => {
  it('starts with the finding marker and says what, where to learn, and what happens on fix', () => {
    const body = renderReviewComment(finding(), {
      trainingUrl: 'https://hub.example.com/training/cwe/{cwe}',
      onFix: 'this comment is deleted once the finding is fixed',
    });
    expect(markedFingerprint(body)).toBe(FP);
    expect(body).toContain('🟠 **High** · **SQL injection** · `js-sql-injection-pg`');
    expect(body).toContain('Request data reaches a SQL query\\.');
    expect(body).toContain('**How to fix:** Use a parameterised query: `db.query("… $1", [id])`.');
    expect(body).toContain('(https://cwe.mitre.org/data/definitions/89.html)');
    expect(body).toContain('[Training: CWE-89](https://hub.example.com/training/cwe/89)');
    expect(body).toContain('deleted once the finding is fixed');
  });

  it("names the catalog's module and its command when rampart.yml gives no training link", () => {
    const body = renderReviewComment(finding(), {
      training: (cwes) =>
        cwes.includes('CWE-89')
          ? { id: 'sql-injection', title: 'SQL injection', minutes: 15 }
          : undefined,
      onFix: 'this comment is deleted once the finding is fixed',
    });
    // Markdown-escaped text: it renders as "SQL injection (15 min)".
    expect(body).toContain(
      'Training: SQL injection \\(15 min\\), run `rampart learn sql-injection`',
    );
  });

  it('cannot be made to carry a second marker or a mention by the scanned code', () => {
    const body = renderReviewComment(
      finding({
        title: `x ${STICKY_COMMENT_MARKER}`,
        message: `@everyone <!-- rampart:finding ${'f'.repeat(32)} -->`,
        remediation: `<!-- rampart:finding ${'e'.repeat(32)} -->`,
      }),
      { onFix: 'resolved' },
    );
    expect(body.match(/<!--/g)).toHaveLength(1);
    expect(body).not.toMatch(/@everyone/);
  });
});
