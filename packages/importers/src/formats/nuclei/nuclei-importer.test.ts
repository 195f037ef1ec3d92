import { FindingDraftSchema } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDetectNeverThrows,
  assertOnlyParseErrors,
  parseErrorOf,
} from '../../test-support/importer-checks.js';
import { allSampleReports, readFixture } from '../../test-support/sample-reports.js';
import { nucleiImporter as importer } from './nuclei-importer.js';

const sample = readFixture('nuclei', 'nuclei-report.jsonl');
const lines = sample.trim().split('\n');
const tool = { name: 'nuclei', version: '' };

describe('nuclei importer: a real report', () => {
  it('maps each result to an exact DAST draft', () => {
    const drafts = importer.parse(sample, { file: 'nuclei.jsonl' });
    expect(drafts[0]).toEqual({
      ruleId: 'nuclei/CVE-2021-41773',
      scanner: 'dast',
      tool,
      title: 'Apache 2.4.49 - Path Traversal and Remote Code Execution',
      message:
        'A flaw was found in a change made to path normalization in Apache HTTP Server 2.4.49. An attacker could use a path traversal attack to map URLs to files outside the expected document root. (matched: LFI)',
      severity: 'high',
      confidence: 'medium',
      cwe: ['CWE-22'],
      owasp: 'A01:2021',
      location: {
        kind: 'url',
        method: 'GET',
        url: 'https://legacy.shop.test/icons/.%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd',
        evidence: {
          request:
            'GET /icons/.%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: legacy.shop.test\r\nUser-Agent: Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36\r\nCookie: PHPSESSID=4b1c************\r\nAccept-Encoding: gzip\r\n\r\n',
          response:
            'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nServer: Apache/2.4.49 (Unix)\r\n\r\nroot:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n',
        },
      },
      remediation: 'Update to Apache HTTP Server 2.4.51 or later.',
      references: [
        'https://httpd.apache.org/security/vulnerabilities_24.html',
        'https://nvd.nist.gov/vuln/detail/CVE-2021-41773',
      ],
      tags: ['nuclei', 'cve', 'cve2021', 'lfi', 'apache', 'rce', 'misconfig', 'traversal', 'kev'],
      cvss: { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', score: 7.5 },
      properties: {
        matcherName: 'LFI',
        template: 'http/cves/2021/CVE-2021-41773.yaml',
        host: 'https://legacy.shop.test',
        ip: '203.0.113.10',
        cve: ['CVE-2021-41773'],
      },
    });
    expect(drafts[1]).toEqual({
      ruleId: 'nuclei/git-config',
      scanner: 'dast',
      tool,
      title: 'Git Configuration - Detect',
      message:
        'Git configuration was detected via the pattern /.git/config and log file on passed URLs.',
      severity: 'medium',
      confidence: 'medium',
      cwe: ['CWE-200'],
      owasp: 'A01:2021',
      location: {
        kind: 'url',
        method: 'GET',
        url: 'https://shop.test/.git/config',
        evidence: {
          request:
            'GET /.git/config HTTP/1.1\r\nHost: shop.test\r\nAuthorization: Basic Y2k6************\r\n\r\n',
          response:
            'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\n[core]\n\trepositoryformatversion = 0\n[remote "origin"]\n\turl = https://github.com/acme/shop.git\n',
          proof: 'url = https://github.com/acme/shop.git',
        },
      },
      references: ['https://github.com/arthaud/git-dumper'],
      tags: ['nuclei', 'config', 'git', 'exposure'],
      properties: {
        template: 'http/exposures/configs/git-config.yaml',
        host: 'https://shop.test',
        ip: '203.0.113.11',
      },
    });
    expect(drafts[2]).toEqual({
      ruleId: 'nuclei/http-missing-security-headers',
      scanner: 'dast',
      tool,
      title: 'HTTP Missing Security Headers',
      message:
        'This template searches for missing HTTP security headers. The impact of these missing headers can vary. (matched: strict-transport-security)',
      severity: 'info',
      confidence: 'medium',
      cwe: [],
      location: { kind: 'url', method: 'GET', url: 'https://shop.test/' },
      references: [],
      tags: ['nuclei', 'misconfig', 'headers', 'generic'],
      properties: {
        matcherName: 'strict-transport-security',
        template: 'http/misconfiguration/http-missing-security-headers.yaml',
        host: 'https://shop.test',
        ip: '203.0.113.11',
      },
    });
    expect(drafts[3]).toEqual({
      ruleId: 'nuclei/deprecated-tls',
      scanner: 'dast',
      tool,
      title: 'Deprecated TLS Detection (TLS 1.1 or 1.0)',
      message:
        'Both TLS 1.1 and TLS 1.0 were deprecated by IETF in March 2021 to improve security. If a deprecated protocol is detected, replace it with TLS 1.2 or 1.3. (matched: tls_1.0)',
      severity: 'info',
      confidence: 'medium',
      cwe: [],
      location: {
        kind: 'url',
        method: 'SSL',
        url: 'legacy.shop.test:443',
        evidence: { proof: 'tls10' },
      },
      remediation: 'Disable TLS 1.0 and 1.1 and enable TLS 1.2 or later.',
      references: ['https://ssl-config.mozilla.org/#config=intermediate'],
      tags: ['nuclei', 'ssl', 'tls', 'misconfig'],
      properties: {
        matcherName: 'tls_1.0',
        template: 'ssl/deprecated-tls.yaml',
        host: 'legacy.shop.test',
        ip: '203.0.113.10',
      },
    });
    expect(drafts).toHaveLength(4);
  });

  it('keeps no cookie, no basic credentials and no curl command', () => {
    const kept = JSON.stringify(importer.parse(sample, { file: 'nuclei.jsonl' }));
    expect(kept).not.toContain('4b1c9a7e2f8d6c3b5a0e9f7d1c2b3a4e');
    expect(kept).not.toContain('Y2k6aHVudGVyMi1jaS1wYXNz');
    expect(kept).not.toContain('curl');
  });

  it('reads the JSON array -json-export writes, the same as the lines', () => {
    const exported = `[\n${lines.join(',\n')}\n]\n`;
    expect(importer.parse(exported, { file: 'n.json' })).toEqual(
      importer.parse(sample, { file: 'n.jsonl' }),
    );
  });

  it('masks what a token-exposure template extracted', () => {
    const token = ['xoxb', '1234567890', 'abcdefghijklmnop'].join('-');
    const [draft] = importer.parse(
      JSON.stringify({
        'template-id': 'slack-token-exposure',
        info: { name: 'Slack Token', severity: 'high', tags: 'exposure,token,slack' },
        type: 'http',
        'matched-at': 'https://shop.test/app.js',
        'extracted-results': [token],
      }),
      { file: 'n.jsonl' },
    );
    expect(JSON.stringify(draft)).not.toContain(token);
    expect(draft?.location).toMatchObject({ evidence: { proof: 'xoxb************' } });
  });
});

describe('nuclei importer: broken input', () => {
  it('names the line that is not JSON', () => {
    const err = parseErrorOf(
      importer,
      [lines[0], '{"template-id": "x",', lines[1]].join('\n'),
      'n.jsonl',
    );
    expect(err.position).toMatchObject({ file: 'n.jsonl', line: 2 });
    expect(err.message).toMatch(/line 2 is not a JSON value/);
  });

  it('names the line and path of a wrong shape', () => {
    const broken = lines[2]?.replace('"severity":"info"', '"severity":3') ?? '';
    const err = parseErrorOf(importer, [lines[0], lines[1], broken].join('\n'), 'n.jsonl');
    expect(err.position.line).toBe(3);
    expect(err.message).toMatch(/info\.severity: expected string/);
  });

  it('names the line of a result with no place', () => {
    const err = parseErrorOf(importer, `${lines[0]}\n{"template-id":"a","info":{}}`, 'n.jsonl');
    expect(err.position.line).toBe(2);
    expect(err.message).toMatch(/neither "matched-at" nor "host"/);
  });

  it('names the line of a wrong entry in a JSON export', () => {
    const err = parseErrorOf(importer, `[\n${lines[0]},\n{"info": {}}\n]`, 'n.json');
    expect(err.position.line).toBe(3);
    expect(err.message).toMatch(/\[1\]\["template-id"\]: missing, expected string/);
  });
});

describe('nuclei importer: detect', () => {
  it('claims its samples and no other format sample', () => {
    for (const s of allSampleReports()) {
      expect(importer.detect(s.text, s.json), `${s.format}/${s.name}`).toBe(s.format === 'nuclei');
    }
  });

  it('claims a JSON export and a one-line report', () => {
    const exported = `[${lines.join(',')}]`;
    expect(importer.detect(exported, JSON.parse(exported))).toBe(true);
    expect(importer.detect(lines[0] ?? '', JSON.parse(lines[0] ?? ''))).toBe(true);
  });

  it('never throws', () => assertDetectNeverThrows(importer));
});

describe('nuclei importer: properties', () => {
  it('throws nothing but ParseError on arbitrary input', () => assertOnlyParseErrors(importer));

  const result = fc.record({
    'template-id': fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,30}$/),
    info: fc.record({
      name: fc.string(),
      severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'info', 'unknown', 'odd'),
      tags: fc.oneof(fc.string(), fc.array(fc.string(), { maxLength: 3 })),
      reference: fc.oneof(fc.constant(null), fc.string(), fc.array(fc.webUrl(), { maxLength: 2 })),
      classification: fc.record({
        'cwe-id': fc.array(fc.constantFrom('cwe-79', 'cwe-89', 'nonsense'), { maxLength: 2 }),
        'cvss-metrics': fc.constantFrom(
          '',
          'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
          'garbage',
        ),
      }),
    }),
    type: fc.constantFrom('http', 'dns', 'ssl', 'tcp'),
    'matched-at': fc.webUrl(),
    request: fc.string(),
    'extracted-results': fc.array(fc.string(), { maxLength: 3 }),
  });

  it('imports one valid draft per line', () => {
    fc.assert(
      fc.property(fc.array(result, { maxLength: 6 }), (results) => {
        const drafts = importer.parse(results.map((r) => JSON.stringify(r)).join('\n'), {
          file: 'n.jsonl',
        });
        expect(drafts).toHaveLength(results.length);
        for (const draft of drafts) FindingDraftSchema.parse(draft);
      }),
    );
  });
});
