import type { Finding } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { visibleControls } from './escape.js';
import { GITHUB_COMMENT_LIMIT, renderMarkdown } from './markdown-reporter.js';
import { mdCode, mdFence, mdText, noMentions } from './markdown-text.js';
import { finding, packageFinding, reportOf, urlFinding } from './test-findings.js';

const ctx = { color: false };
const ZWJ = '\u200d';

/** The lines of Markdown outside fenced code blocks (CommonMark fences of backticks). */
function outsideFences(md: string): string[] {
  const out: string[] = [];
  let fence = 0;
  for (const line of md.split('\n')) {
    const run = /^ {0,3}(`{3,})[^`]*$/.exec(line)?.[1]?.length ?? 0;
    if (fence === 0 && run > 0) fence = run;
    else if (fence > 0 && run >= fence && /^ {0,3}`+\s*$/.test(line)) fence = 0;
    else if (fence === 0) out.push(line);
  }
  expect(fence, 'every fence is closed').toBe(0);
  return out;
}

/** Tag names of raw HTML outside code (fences and code spans removed). */
function htmlTags(md: string): string[] {
  const text = outsideFences(md)
    .join('\n')
    .replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '');
  return [...text.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => (m[1] ?? '').toLowerCase());
}

const HOSTILE = [
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '</details></summary><details open>',
  '[click](javascript:alert(1)) ![x](https://evil.example/p.png)',
  '@alice and @org/security-team',
  '| a | b |',
  '**bold** _it_ ~~s~~ $x$ {+add+}',
  '&lt;script&gt; &#60;b&#62;',
].join(' ');

function hostileFinding(overrides: Partial<Finding> = {}): Finding {
  return finding({
    title: `Title ${HOSTILE}`,
    message: `# Heading\n- list ${HOSTILE} \`code with \`\`\` inside\``,
    remediation: `Use \`safe()\` ${HOSTILE}`,
    location: {
      kind: 'code',
      path: `src/${HOSTILE}.js`,
      region: { startLine: 7, startColumn: 1, endLine: 7, endColumn: 5 },
      snippet: 'run(`a`)\n````\n</details>\n```\n@bob <script>',
    },
    ...overrides,
  });
}

describe('markdown reporter', () => {
  it('heads the comment with the gate result, then counts by severity and by scanner', () => {
    const report = reportOf([finding({ severity: 'critical' }), packageFinding(), urlFinding()]);
    const md = renderMarkdown(report, ctx);
    expect(md.startsWith('## ❌ Rampart: gate failed\n\n')).toBe(true);
    expect(md).toContain('**gate failed: 2 findings at or above high (1 critical, 1 high)**');
    expect(md).toContain(
      [
        '| Severity | Findings |',
        '| :-- | --: |',
        '| 🔴 Critical | 1 |',
        '| 🟠 High | 1 |',
        '| 🔵 Low | 1 |',
        '',
        '| Scanner | Findings |',
        '| :-- | --: |',
        '| sast | 1 |',
        '| sca | 1 |',
        '| dast | 1 |',
      ].join('\n'),
    );
    expect(renderMarkdown(reportOf([]), ctx)).toContain('## ✅ Rampart: gate passed');
  });

  it('shows each finding in a details block: severity, title, location, code, fix, gate', () => {
    const md = renderMarkdown(reportOf([finding({ severity: 'critical' })]), ctx);
    expect(md).toContain(
      [
        '<details>',
        '<summary>🔴 <b>Critical</b> · Eval of input · <code>src/app.js:4</code> · ❌ fails the gate</summary>',
        '',
        "**Rule** `js.eval` · **Scanner** sast · CWE-95 Improper Neutralization of Directives in Dynamically Evaluated Code ('Eval Injection') · OWASP A03:2021 Injection",
        '',
        'eval() of request input',
        '',
        '**Location:** `src/app.js:4`',
        '',
        '```js',
        '  eval(req.query.x)',
        '```',
        '',
        '**Fix:** Do not `eval` input.',
        '',
        '</details>',
      ].join('\n'),
    );
  });

  it('locates packages as package@version in the manifest and URLs as METHOD url', () => {
    const md = renderMarkdown(reportOf([packageFinding(), urlFinding()]), ctx);
    expect(md).toContain('<code>lodash@4.17.15 in package-lock.json:120</code>');
    expect(md).toContain('**Fixed in:** `4.17.21`');
    expect(md).toContain('**Brought in by:** app → async-helpers → lodash');
    expect(md).toContain('<code>GET http://127.0.0.1:3000/account?tab=1</code>');
  });

  it('puts new findings first and collapses existing ones, counting both', () => {
    const report = reportOf([
      finding({ severity: 'critical', novelty: 'existing', title: 'Old problem' }),
      finding({ severity: 'low', novelty: 'new', title: 'New problem' }),
    ]);
    const md = renderMarkdown(report, ctx);
    expect(md).toContain('| Severity | New | Existing | Total |');
    expect(md).toContain('| 🔴 Critical | 0 | 1 | 1 |');
    expect(md).toContain('| 🔵 Low | 1 | 0 | 1 |');
    expect(md).toContain('| sast | 1 | 1 | 2 |');
    const newAt = md.indexOf('### New findings (1)');
    const existingAt = md.indexOf(
      '<details>\n<summary><b>Existing findings (1)</b>: already there before this change; the gate does not count them</summary>',
    );
    expect(newAt).toBeGreaterThan(0);
    expect(md.indexOf('New problem')).toBeGreaterThan(newAt);
    expect(existingAt).toBeGreaterThan(md.indexOf('New problem'));
    expect(md.indexOf('Old problem')).toBeGreaterThan(existingAt);
    expect(md).toContain(
      '<sub>existing finding (baseline or diff base): the gate counts only new ones</sub>',
    );
  });

  it('links the training module of each CWE and names the champion', () => {
    const report = reportOf([finding({ cwe: ['CWE-79'] })]);
    const md = renderMarkdown(report, {
      color: false,
      trainingUrl: 'https://hub.example.com/training/cwe/{cwe}',
      team: { name: 'Payments', champion: '@alice', championUrl: 'https://chat.example.com/alice' },
    });
    expect(md).toContain(
      "📚 [Training: CWE-79 Improper Neutralization of Input During Web Page Generation ('Cross-site Scripting')](<https://hub.example.com/training/cwe/79>)",
    );
    expect(md).toContain(
      '🛡️ Questions about these findings? Ask the security champion of Payments: [@alice](<https://chat.example.com/alice>).',
    );
    // Without a link the champion is mentioned, as rampart.yml's `team.champion` promises.
    const plain = renderMarkdown(report, { color: false, team: { champion: '@alice' } });
    expect(plain).toContain('Ask the security champion: @alice.');
    // A training template that is not http(s) gives no link.
    expect(
      renderMarkdown(report, { color: false, trainingUrl: 'javascript:alert({cwe})' }),
    ).not.toContain('Training');
  });

  it('keeps hostile finding text inert: no HTML, no links, no mentions, no broken structure', () => {
    const report = reportOf([
      hostileFinding(),
      hostileFinding({ severity: 'low', fingerprint: 'fp-2', novelty: 'existing' }),
      hostileFinding({ severity: 'medium', fingerprint: 'fp-3', novelty: 'new' }),
    ]);
    const md = renderMarkdown(report, ctx);
    const tags = htmlTags(md);
    expect(new Set(tags)).toEqual(new Set(['details', 'summary', 'b', 'code', 'sub']));
    expect(tags.filter((t) => t === 'details').length % 2).toBe(0);
    // Prose: outside fences, code spans and <code> elements (where nothing is rendered).
    const prose = outsideFences(md)
      .join('\n')
      .replace(/(`+)(?!`)[\s\S]*?(?<!`)\1(?!`)/g, '')
      .replace(/<code>.*?<\/code>/g, '');
    expect(prose).not.toMatch(/(?<!\\)\]\((javascript|https:\/\/evil)/);
    expect(prose).not.toMatch(/@(?!\u200d)/);
    expect(prose).not.toMatch(/^(# Heading|- list)/m);
    expect(prose).not.toMatch(/(?<!\\)\*\*bold/);
    // The code stays exactly as written inside a fence longer than any backtick run in it.
    expect(md).toContain('`````js\nrun(`a`)\n````\n</details>\n```\n@bob <script>\n`````');
    // The `code span` of the message is kept, whatever backticks it holds.
    expect(md).toContain('````code with ``` inside````');
  });

  it('fits GitHub: cuts at a whole finding and says how many were left out', () => {
    const findings = Array.from({ length: 300 }, (_, i) =>
      finding({
        severity: i % 2 === 0 ? 'high' : 'medium',
        novelty: i < 200 ? 'new' : 'existing',
        message: `finding ${i} ${'x'.repeat(600)}`,
        fingerprint: `fp-cut-${i}`,
      }),
    );
    const md = renderMarkdown(reportOf(findings), ctx);
    expect(md.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    const shown = (md.match(/<summary>[^<]*<b>(High|Medium)<\/b>/g) ?? []).length;
    const note =
      /\*\*… and (\d+) more findings \((\d+) new\) not shown\*\*; see the full report in the job's artifacts or the `rampart scan` output\./.exec(
        md,
      );
    expect(note).not.toBeNull();
    expect(shown + Number(note?.[1])).toBe(300);
    expect(Number(note?.[2])).toBe(Math.max(0, 200 - shown));
    expect(md.split('<details>').length).toBe(md.split('</details>').length);
    expect(md.trimEnd().endsWith('</sub>')).toBe(true);

    const small = renderMarkdown(reportOf(findings), ctx, { maxLength: 5000 });
    expect(small.length).toBeLessThanOrEqual(5000);
    expect(small).toMatch(/… and \d+ more findings/);
  });

  it('cuts a huge message, snippet or remediation so one finding cannot fill the comment', () => {
    const huge = 'y'.repeat(200_000);
    const md = renderMarkdown(
      reportOf([
        finding({
          message: huge,
          remediation: huge,
          location: {
            kind: 'code',
            path: 'a.js',
            region: { startLine: 1, startColumn: 1, endLine: 1, endColumn: 2 },
            snippet: huge,
          },
        }),
      ]),
      ctx,
    );
    expect(md.length).toBeLessThan(10_000);
    expect(md).toContain('…');
    expect(md).not.toContain('not shown');
  });
});

describe('markdown escaping', () => {
  it('mdText leaves no live Markdown or HTML and no mentions (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        const out = mdText(text);
        expect(out).not.toMatch(/[<>\n]/);
        // Every special character is escaped by an odd number of backslashes.
        for (const m of out.matchAll(/(\\*)([`*_[\]|~{}$])/g)) {
          expect((m[1] ?? '').length % 2, `${out} at ${m.index}`).toBe(1);
        }
        expect(out).not.toMatch(/@(?!\u200d)/);
        expect(out).not.toMatch(/^([#+=-]|\d+[.)])/);
      }),
      { numRuns: 1000 },
    );
  });

  it('mdCode and mdFence show the exact text (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' }), (a, b) => {
        for (const text of [a, b, `\`${a}\``, `${a}\n\`\`\`\n${b}`]) {
          const code = visibleControls(text);
          const fence = mdFence(text, 'js');
          const lines = fence.split('\n');
          const open = lines[0]?.replace(/js$/, '') ?? '';
          expect(lines.at(-1)).toBe(open);
          // No line inside can close the fence.
          for (const line of lines.slice(1, -1)) {
            expect(line.trim().startsWith(open) && /^`+$/.test(line.trim())).toBe(false);
          }
          expect(lines.slice(1, -1).join('\n')).toBe(code.replace(/\n+$/, ''));

          const flat = code.replace(/\s*\n\s*/g, ' ');
          if (flat.trim() === '') continue;
          const span = mdCode(text);
          const ticks = /^`+/.exec(span)?.[0] ?? '';
          expect(span.endsWith(ticks)).toBe(true);
          let inner = span.slice(ticks.length, span.length - ticks.length);
          if (inner.startsWith(' ') && inner.endsWith(' ') && inner.trim() !== '')
            inner = inner.slice(1, -1);
          expect(inner).toBe(flat);
          expect(inner).not.toContain(ticks);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('noMentions disarms user and team mentions', () => {
    expect(noMentions('ping @alice and @org/team')).toBe(`ping @${ZWJ}alice and @${ZWJ}org/team`);
  });
});
