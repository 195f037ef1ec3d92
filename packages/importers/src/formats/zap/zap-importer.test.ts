import { FindingDraftSchema } from '@rampart/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  assertDetectNeverThrows,
  assertOnlyParseErrors,
  lineOf,
  parseErrorOf,
} from '../../test-support/importer-checks.js';
import { allSampleReports, readFixture } from '../../test-support/sample-reports.js';
import { htmlToText } from './zap-html.js';
import { zapImporter as importer } from './zap-importer.js';

const json = readFixture('zap', 'zap-report.json');
const xml = readFixture('zap', 'zap-report.xml');
const csp =
  'Content Security Policy (CSP) is an added layer of security that helps to detect and mitigate certain types of attacks, including Cross Site Scripting (XSS) and data injection attacks.';
const cspDraft = (url: string) => ({
  ruleId: 'zap/10038',
  scanner: 'dast',
  tool: { name: 'zap', version: '2.14.0' },
  title: 'Content Security Policy (CSP) Header Not Set',
  message: csp,
  severity: 'medium',
  confidence: 'high',
  cwe: ['CWE-693'],
  location: { kind: 'url', method: 'GET', url },
  remediation:
    'Ensure that your web server, application server, load balancer, etc. is configured to set the Content-Security-Policy header.',
  references: [
    'https://developer.mozilla.org/en-US/docs/Web/Security/CSP/Introducing_Content_Security_Policy',
    'https://cheatsheetseries.owasp.org/cheatsheets/Content_Security_Policy_Cheat_Sheet.html',
  ],
  tags: ['zap'],
  properties: { pluginId: '10038', alertRef: '10038-1', wascId: '15' },
});

describe('zap importer: JSON report', () => {
  it('maps each instance to an exact DAST draft and leaves out false positives', () => {
    expect(importer.parse(json, { file: 'zap.json' })).toEqual([
      {
        ruleId: 'zap/40018',
        scanner: 'dast',
        tool: { name: 'zap', version: '2.14.0' },
        title: 'SQL Injection',
        message: 'SQL injection may be possible.',
        severity: 'high',
        confidence: 'medium',
        cwe: ['CWE-89'],
        owasp: 'A03:2021',
        location: {
          kind: 'url',
          method: 'GET',
          url: 'http://shop.test:3000/rest/products/search?q=%27%28',
          parameter: 'q',
          evidence: { proof: 'SQLITE_ERROR: near "(": syntax error' },
        },
        remediation:
          "Do not trust client side input, even if there is client side validation in place.\nIn general, type check all data on the server side.\nIf the application uses JDBC, use PreparedStatement or CallableStatement, with parameters passed by '?'",
        references: [
          'https://cheatsheetseries.owasp.org/cheatsheets/SQL_Injection_Prevention_Cheat_Sheet.html',
        ],
        tags: ['zap'],
        properties: {
          pluginId: '40018',
          alertRef: '40018',
          wascId: '19',
          attack: "'(",
          otherInfo:
            'RDBMS [SQLite] likely, given UNION-specific message regular expression [near ".+": syntax error] matched.',
        },
      },
      cspDraft('http://shop.test:3000/'),
      cspDraft('http://shop.test:3000/sitemap.xml'),
      {
        ruleId: 'zap/10010',
        scanner: 'dast',
        tool: { name: 'zap', version: '2.14.0' },
        title: 'Cookie No HttpOnly Flag',
        message:
          'A cookie has been set without the HttpOnly flag, which means that the cookie can be accessed by JavaScript.',
        severity: 'low',
        confidence: 'medium',
        cwe: ['CWE-1004'],
        owasp: 'A05:2021',
        location: {
          kind: 'url',
          method: 'POST',
          url: 'http://shop.test:3000/rest/user/login',
          parameter: 'token',
          evidence: { proof: 'Set-Cookie: token=eyJh************' },
        },
        remediation: 'Ensure that the HttpOnly flag is set for all cookies.',
        references: ['https://owasp.org/www-community/HttpOnly'],
        tags: ['zap'],
        properties: { pluginId: '10010', alertRef: '10010', wascId: '13' },
      },
    ]);
  });

  it('reads an alert without instances once, at its site, and numbers written as numbers', () => {
    const report = {
      '@version': '2.10.0',
      site: [
        {
          '@name': 'https://old.test',
          alerts: [
            {
              pluginid: 10021,
              alert: 'X-Content-Type-Options Header Missing',
              riskcode: 1,
              confidence: 2,
              cweid: 693,
            },
          ],
        },
      ],
    };
    expect(importer.parse(JSON.stringify(report), { file: 'z.json' })).toMatchObject([
      {
        ruleId: 'zap/10021',
        severity: 'low',
        confidence: 'medium',
        cwe: ['CWE-693'],
        location: { kind: 'url', method: 'GET', url: 'https://old.test' },
      },
    ]);
  });
  it('masks credential query parameters in instance URLs', () => {
    const token = ['eyJhbGciOiJIUzI1NiJ9', 'eyJzdWIiOiJzYW0ifQ'].join('.');
    const report = {
      '@version': '2.14.0',
      site: [
        {
          '@name': 'https://a.test',
          alerts: [
            {
              pluginid: '3',
              alert: 'Session ID in URL Rewrite',
              riskcode: '2',
              confidence: '3',
              cweid: '200',
              instances: [
                {
                  uri: `https://a.test/home?access_token=${token}&tab=1`,
                  method: 'GET',
                  param: 'access_token',
                },
              ],
            },
          ],
        },
      ],
    };
    const [draft] = importer.parse(JSON.stringify(report), { file: 'z.json' });
    expect(draft?.location).toMatchObject({
      url: 'https://a.test/home?access_token=eyJh************&tab=1',
      parameter: 'access_token',
    });
    expect(JSON.stringify(draft)).not.toContain(token);
  });
});

describe('zap importer: XML report', () => {
  it('maps each instance to an exact DAST draft with masked request and response', () => {
    const drafts = importer.parse(xml, { file: 'zap.xml' });
    expect(drafts[0]).toEqual({
      ruleId: 'zap/10202',
      scanner: 'dast',
      tool: { name: 'zap', version: '2.15.0' },
      title: 'Absence of Anti-CSRF Tokens',
      message:
        'No Anti-CSRF tokens were found in a HTML submission form.\nA cross-site request forgery is an attack that involves forcing a victim to send an HTTP request to a target destination without their knowledge or intent.',
      severity: 'medium',
      confidence: 'low',
      cwe: ['CWE-352'],
      owasp: 'A01:2021',
      location: {
        kind: 'url',
        method: 'POST',
        url: 'https://api.shop.test/account/settings',
        evidence: {
          request:
            'POST https://api.shop.test/account/settings HTTP/1.1\nhost: api.shop.test\nuser-agent: Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0\nauthorization: Bearer eyJh************\ncookie: session=8f14************; theme=d****\ncontent-type: application/x-www-form-urlencoded\n\nemail=sam%40shop.test',
          response:
            'HTTP/1.1 200 OK\ncontent-type: text/html; charset=utf-8\nset-cookie: session=c9f0************; Path=/; Secure\n\n<form action="/account/settings" method="post"><input name="email"></form>',
          proof: '<form action="/account/settings" method="post">',
        },
      },
      remediation:
        'Phase: Architecture and Design\nUse a vetted library or framework that does not allow this weakness to occur or provides constructs that make this weakness easier to avoid.',
      references: [
        'https://cheatsheetseries.owasp.org/cheatsheets/Cross-Site_Request_Forgery_Prevention_Cheat_Sheet.html',
        'https://cwe.mitre.org/data/definitions/352.html',
      ],
      tags: ['zap'],
      properties: {
        pluginId: '10202',
        alertRef: '10202',
        wascId: '9',
        otherInfo:
          'No known Anti-CSRF token [anticsrf, CSRFToken, __RequestVerificationToken] was found in the following HTML form: [Form 1: "email" ].',
      },
    });
    expect(
      drafts.slice(1).map((d) => [d.ruleId, d.severity, d.confidence, d.cwe, d.owasp, d.location]),
    ).toEqual([
      [
        'zap/10035',
        'low',
        'high',
        ['CWE-319'],
        'A02:2021',
        { kind: 'url', method: 'GET', url: 'https://api.shop.test/robots.txt' },
      ],
      [
        'zap/10035',
        'low',
        'high',
        ['CWE-319'],
        'A02:2021',
        { kind: 'url', method: 'GET', url: 'https://api.shop.test/v1/orders/1042' },
      ],
    ]);
  });

  it('keeps no token or session id from the recorded requests', () => {
    const kept = JSON.stringify(importer.parse(xml, { file: 'zap.xml' }));
    expect(kept).not.toContain('ZmFrZS1zaWduYXR1cmU');
    expect(kept).not.toContain('8f14e45fceea167a5a36dedd4bea2543');
    expect(kept).not.toContain('c9f0f895fb98ab9159f51fd0297e236d');
  });
});

describe('zap importer: broken input', () => {
  it('names the line and column of broken XML', () => {
    const broken = xml.replace('<count>2</count>', '<count>2</cout>');
    const err = parseErrorOf(importer, broken, 'zap.xml');
    expect(err.position).toMatchObject({ file: 'zap.xml', line: lineOf(broken, '</cout>') });
    expect(err.message).toMatch(/invalid XML/);
  });

  it('names the alert of a wrong XML value by its line', () => {
    const broken = xml.replace('<riskcode>1</riskcode>', '<riskcode>7</riskcode>');
    const err = parseErrorOf(importer, broken, 'zap.xml');
    expect(err.message).toMatch(/not a ZAP XML report: site\[0\]\.alerts\[1\]\.riskcode/);
    expect(err.position.line).toBe(lineOf(broken, '<pluginid>10035</pluginid>') - 1);
  });

  it('rejects XML of another tool', () => {
    const err = parseErrorOf(
      importer,
      '<?xml version="1.0"?>\n<project><name>x</name></project>',
      'pom.xml',
    );
    expect(err.message).toMatch(/root element is not <OWASPZAPReport>/);
  });

  it('names the path and line of a wrong JSON value', () => {
    const broken = json.replace('"uri": "http://shop.test:3000/sitemap.xml"', '"uri": ""');
    const err = parseErrorOf(importer, broken, 'zap.json');
    expect(err.message).toMatch(
      /not a ZAP JSON report: site\[0\]\.alerts\[1\]\.instances\[1\]\.uri/,
    );
    expect(err.position.line).toBe(lineOf(broken, '"uri": ""'));
  });
});

describe('zap importer: detect', () => {
  it('claims its samples and no other format sample', () => {
    for (const s of allSampleReports()) {
      expect(importer.detect(s.text, s.json), `${s.format}/${s.name}`).toBe(s.format === 'zap');
    }
  });

  it('never throws', () => assertDetectNeverThrows(importer));
});

describe('zap html', () => {
  it('turns ZAP paragraphs and lists into plain lines', () => {
    expect(htmlToText('<p>One &amp; two</p><ul><li>a</li><li>b&#39;s</li></ul>')).toBe(
      "One & two\n- a\n- b's",
    );
  });
});

describe('zap importer: properties', () => {
  it('throws nothing but ParseError on arbitrary input', () => assertOnlyParseErrors(importer));

  it('throws nothing but ParseError on arbitrary XML-looking text', () => {
    fc.assert(
      fc.property(fc.string(), (body) => {
        try {
          importer.parse(`<?xml version="1.0"?><OWASPZAPReport>${body}</OWASPZAPReport>`, {
            file: 'z.xml',
          });
        } catch (err) {
          expect((err as Error).name).toBe('ParseError');
        }
      }),
    );
  });

  const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 <>&"'=;:/.-]{0,30}[A-Za-z0-9]$|^$/);
  const instance = fc.record({
    uri: fc.stringMatching(/^https?:\/\/[a-z]{1,8}\.test\/[a-z0-9/]{0,12}$/),
    method: fc.constantFrom('GET', 'POST', 'put'),
    param: word,
    attack: word,
    evidence: word,
  });
  const alert = fc.record({
    pluginid: fc.stringMatching(/^[1-9][0-9]{4}$/),
    alert: word,
    riskcode: fc.constantFrom('0', '1', '2', '3'),
    confidence: fc.constantFrom('0', '1', '2', '3', '4'),
    desc: word,
    solution: word,
    reference: fc.constantFrom('', '<p>https://owasp.org/x</p>'),
    cweid: fc.constantFrom('-1', '0', '79', '89', '693'),
    instances: fc.array(instance, { minLength: 1, maxLength: 3 }),
  });
  const report = fc.record({
    '@version': fc.constantFrom('2.13.0', '2.15.0'),
    site: fc.array(
      fc.record({
        '@name': fc.constant('https://a.test'),
        alerts: fc.array(alert, { maxLength: 4 }),
      }),
      {
        maxLength: 2,
      },
    ),
  });

  const escapeXml = (s: string) =>
    s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
  const element = (name: string, value: string) => `<${name}>${escapeXml(value)}</${name}>`;
  const toXml = (r: {
    '@version': string;
    site: { '@name': string; alerts: { instances: Record<string, string>[] }[] }[];
  }) =>
    `<?xml version="1.0"?>\n<OWASPZAPReport version="${r['@version']}">\n${r.site
      .map(
        (site) =>
          `<site name="${site['@name']}"><alerts>${site.alerts
            .map(({ instances, ...fields }) => {
              const body = Object.entries(fields as Record<string, string>)
                .map(([k, v]) => element(k, v))
                .join('\n');
              const inst = instances
                .map(
                  (i) =>
                    `<instance>${Object.entries(i)
                      .map(([k, v]) => element(k, v))
                      .join('')}</instance>`,
                )
                .join('\n');
              return `<alertitem>\n${body}\n<instances>\n${inst}\n</instances>\n</alertitem>`;
            })
            .join('\n')}</alerts></site>`,
      )
      .join('\n')}\n</OWASPZAPReport>\n`;

  it('imports one valid draft per instance of a real alert, the same from JSON and from XML', () => {
    fc.assert(
      fc.property(report, (r) => {
        const fromJson = importer.parse(JSON.stringify(r), { file: 'z.json' });
        const expected = r.site.flatMap((s) =>
          s.alerts.filter((a) => a.confidence !== '0').flatMap((a) => a.instances),
        );
        expect(fromJson).toHaveLength(expected.length);
        for (const draft of fromJson) FindingDraftSchema.parse(draft);
        expect(importer.parse(toXml(r), { file: 'z.xml' })).toEqual(fromJson);
      }),
    );
  });
});
