import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { anonymise, describeReplacements, type KnownNames } from './anonymise.js';

// Secret-looking values are built at run time: no credential literal sits in the repository.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const awsKeyId = () =>
  `${['A', 'K', 'I', 'A'].join('')}${Array.from(randomBytes(16), (b) => BASE32[b % 32]).join('')}`;
const randomToken = () => randomBytes(24).toString('base64url');

const NAMES: KnownNames = {
  projects: ['shop'],
  repositories: ['https://github.com/acme/shop-api'],
  teams: ['payments'],
  people: ['Jane Doe', 'jdoe', 'dev'],
  paths: ['src/payments/charge.ts'],
};

describe('anonymise', () => {
  it('replaces secrets found by the detectors and by entropy', () => {
    const key = awsKeyId();
    const token = randomToken();
    const r = anonymise(`const a = "${key}";\nconst b = "${token}";`, NAMES);
    expect(r.text).not.toContain(key);
    expect(r.text).not.toContain(token);
    expect(r.text).toContain('REDACTED_SECRET');
    expect(r.replacements.secret).toBe(2);
  });

  it('keeps identifiers that merely look long', () => {
    const text = 'const MAX_RETRIES_FOR_CHECKOUT_2 = getUser2FactorSettings(requestIdentifier);';
    expect(anonymise(text, NAMES)).toEqual({ text, replacements: {} });
  });

  it('replaces e-mails, URLs, IPs, host names and paths, keeping the extension', () => {
    const text = [
      'send("ops@acme.com", "https://git.acme.internal/x/issues/3");',
      "read('/srv/shop/config/prod.yml', 'lib/payments/charge.ts', \"10.1.2.3\");",
      'connect("db1.billing.acme.corp"); logger.info("x"); res.json(req.query.id);',
    ].join('\n');
    const r = anonymise(text, NAMES);
    for (const gone of ['ops@acme.com', 'acme', '10.1.2.3', '/srv', 'lib/payments', 'billing'])
      expect(r.text).not.toContain(gone);
    expect(r.text).toContain('user1@example.com');
    expect(r.text).toContain('https://service1.example.com');
    expect(r.text).toContain('192.0.2.1');
    expect(r.text).toContain('host1.example.com');
    expect(r.text).toContain('file1.yml');
    expect(r.text).toContain('file2.ts');
    expect(r.text).toContain('logger.info("x"); res.json(req.query.id);');
    expect(r.replacements).toEqual({ email: 1, url: 1, ip: 1, hostname: 1, path: 2 });
  });

  it('replaces people and the organisation’s names, whole words and camelCase parts only', () => {
    const text = [
      '// @author Jane Doe',
      '// TODO(jdoe): ask the payments team',
      "if (env === 'dev') shopService.charge(SHOP_ID, acme/shop-api);",
      'const shopping = 1;',
    ].join('\n');
    const r = anonymise(text, NAMES);
    expect(r.text).toBe(
      [
        '// @author person1',
        '// TODO(person2): ask the team1 team',
        "if (env === 'dev') project1Service.charge(project1_ID, repo1);",
        'const shopping = 1;',
      ].join('\n'),
    );
    expect(describeReplacements(r.replacements)).toBe(
      '2 names of people, 2 project names, 1 repository name, 1 team name replaced',
    );
  });

  it('numbers the same value the same way', () => {
    const r = anonymise('a("x@acme.com"); b("x@acme.com"); c("y@acme.com");', NAMES);
    expect(r.text).toBe('a("user1@example.com"); b("user1@example.com"); c("user2@example.com");');
    expect(r.replacements.email).toBe(3);
  });
});

describe('anonymise on hostile input', () => {
  it('stays fast on long runs that almost match', () => {
    const inputs = [
      `C:\\${'a\\'.repeat(3000)}!`,
      'a'.repeat(10_000),
      `${'a.'.repeat(5000)}!`,
      `${'a/'.repeat(5000)}x`,
      `${'ab'.repeat(5000)}*`,
      `// @author ${'x '.repeat(4000)}`,
    ];
    const started = performance.now();
    for (const input of inputs) anonymise(input, NAMES);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
