import { describe, expect, it } from 'vitest';
import { isPep508Error, normalizePypiName, parsePep508, pinnedVersion } from './pep508.js';

describe('PEP 503 names', () => {
  it.each([
    ['Flask_SQLAlchemy', 'flask-sqlalchemy'],
    ['zope.interface', 'zope-interface'],
    ['A--b__C..d', 'a-b-c-d'],
  ])('normalises %s to %s', (name, want) => expect(normalizePypiName(name)).toBe(want));
});

describe('PEP 508 requirements', () => {
  it('reads name, extras, clauses and marker', () => {
    expect(
      parsePep508('requests [socks, security] >=2.8.1, ==2.8.* ; python_version < "2.7"'),
    ).toEqual({
      name: 'requests',
      extras: ['socks', 'security'],
      specifiers: [
        { op: '>=', version: '2.8.1' },
        { op: '==', version: '2.8.*' },
      ],
      marker: 'python_version < "2.7"',
    });
  });

  it('reads a direct reference', () => {
    expect(parsePep508('pip @ https://github.com/pypa/pip/archive/1.3.1.zip')).toMatchObject({
      name: 'pip',
      url: 'https://github.com/pypa/pip/archive/1.3.1.zip',
    });
  });

  it.each([
    ['a==1.0', '1.0'],
    ['a===foo-bar', 'foo-bar'],
    ['a (==2.0)', '2.0'],
    ['a>=1,==1.5', '1.5'],
    ['a==1.*', undefined],
    ['a~=1.4', undefined],
    ['a', undefined],
  ])('pins %s to %s', (text, want) => {
    const req = parsePep508(text);
    if (isPep508Error(req)) throw new Error(req.error);
    expect(pinnedVersion(req)).toBe(want);
  });

  it.each([
    ['-a', 0],
    ['a==', 1],
    ['a[b', 1],
    ['a (==1', 2],
    ['a @ nothing', 4],
    ['a;', 1],
  ])('rejects %j at offset %i', (text, offset) => {
    const req = parsePep508(text);
    expect(isPep508Error(req) && req.offset).toBe(offset);
  });
});
