import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ImageRef, matchesPattern, parseImageRef, shortName } from './image-ref.js';

const DIGEST = `sha256:${'4ac6b3f4'.repeat(8)}`;

/** The parts of a reference, as an object to compare whole. */
const partsOf = (reference: string) => {
  const { registry, repository, canonical, tag, digest } = parseImageRef(reference);
  return { registry, repository, canonical, tag, digest };
};

describe('parseImageRef, Docker Hub', () => {
  it('puts a one-component name under library/ on docker.io', () => {
    expect(partsOf('node')).toEqual({
      registry: 'docker.io',
      repository: 'library/node',
      canonical: 'docker.io/library/node',
      tag: undefined,
      digest: undefined,
    });
    expect(partsOf('python:3.12-slim-bookworm')).toEqual({
      registry: 'docker.io',
      repository: 'library/python',
      canonical: 'docker.io/library/python',
      tag: '3.12-slim-bookworm',
      digest: undefined,
    });
  });

  it('reads an organisation image on docker.io without library/', () => {
    expect(partsOf('bitnami/redis:7.2')).toMatchObject({
      registry: 'docker.io',
      repository: 'bitnami/redis',
      tag: '7.2',
    });
    expect(partsOf('docker.io/bitnami/redis').canonical).toBe('docker.io/bitnami/redis');
  });

  it('calls every spelling of an official image by one canonical name', () => {
    const spellings = [
      'node',
      'node:20',
      'docker.io/node',
      'docker.io/library/node',
      'index.docker.io/node:20-alpine',
      'index.docker.io/library/node',
      'registry-1.docker.io/library/node',
      `library/node@${DIGEST}`,
      'NODE:20',
      'Docker.IO/library/node',
    ];
    for (const spelling of spellings) {
      expect(parseImageRef(spelling).canonical, spelling).toBe('docker.io/library/node');
    }
  });

  it('treats a first component without . or : and not localhost as part of the name', () => {
    expect(partsOf('acme/tools/builder:1')).toMatchObject({
      registry: 'docker.io',
      repository: 'acme/tools/builder',
      tag: '1',
    });
    // A single component is always a name, even one that looks like a host.
    expect(partsOf('localhost').canonical).toBe('docker.io/library/localhost');
    expect(partsOf('registry.acme.io').canonical).toBe('docker.io/library/registry.acme.io');
  });
});

describe('parseImageRef, other registries', () => {
  it('reads a registry with a dot, a tag and a digest', () => {
    expect(partsOf(`registry.acme.io/base/node:20@${DIGEST}`)).toEqual({
      registry: 'registry.acme.io',
      repository: 'base/node',
      canonical: 'registry.acme.io/base/node',
      tag: '20',
      digest: DIGEST,
    });
    expect(partsOf(`cgr.dev/chainguard/python@${DIGEST}`)).toEqual({
      registry: 'cgr.dev',
      repository: 'chainguard/python',
      canonical: 'cgr.dev/chainguard/python',
      tag: undefined,
      digest: DIGEST,
    });
    expect(partsOf('ghcr.io/acme/app:sha-1a2b3c')).toMatchObject({
      registry: 'ghcr.io',
      repository: 'acme/app',
      tag: 'sha-1a2b3c',
    });
    expect(partsOf('123456789012.dkr.ecr.eu-west-1.amazonaws.com/team/api:v1.4.0')).toMatchObject({
      registry: '123456789012.dkr.ecr.eu-west-1.amazonaws.com',
      repository: 'team/api',
      tag: 'v1.4.0',
    });
  });

  it('keeps a port with the registry, not as a tag', () => {
    expect(partsOf('localhost:5000/app')).toEqual({
      registry: 'localhost:5000',
      repository: 'app',
      canonical: 'localhost:5000/app',
      tag: undefined,
      digest: undefined,
    });
    expect(partsOf('localhost:5000/team/app:1.0')).toMatchObject({
      registry: 'localhost:5000',
      repository: 'team/app',
      tag: '1.0',
    });
    expect(partsOf(`myregistry:5000/app@${DIGEST}`)).toMatchObject({
      registry: 'myregistry:5000',
      repository: 'app',
      tag: undefined,
      digest: DIGEST,
    });
    expect(partsOf('registry.acme.io:443/base/go:1.23')).toMatchObject({
      registry: 'registry.acme.io:443',
      repository: 'base/go',
      tag: '1.23',
    });
  });

  it('reads localhost without a port as a registry', () => {
    expect(partsOf('localhost/app:dev')).toMatchObject({
      registry: 'localhost',
      repository: 'app',
      canonical: 'localhost/app',
      tag: 'dev',
    });
  });

  it('does not put images of other registries under library/', () => {
    expect(parseImageRef('quay.io/prometheus').repository).toBe('prometheus');
  });

  it('lower-cases registry and repository but keeps the tag and digest as written', () => {
    expect(partsOf('Registry.ACME.io/Base/Node:Latest-RC')).toMatchObject({
      registry: 'registry.acme.io',
      repository: 'base/node',
      canonical: 'registry.acme.io/base/node',
      tag: 'Latest-RC',
    });
  });

  it('ignores surrounding spaces and empty tags or digests', () => {
    expect(partsOf('  node:20  ')).toMatchObject({
      canonical: 'docker.io/library/node',
      tag: '20',
    });
    expect(partsOf('node:')).toMatchObject({ tag: undefined, digest: undefined });
    expect(partsOf('node@')).toMatchObject({ tag: undefined, digest: undefined });
  });

  it('reads a tag with dots, dashes and underscores, and a digest of any algorithm', () => {
    expect(partsOf('eclipse-temurin:21.0.2_13-jre-jammy').tag).toBe('21.0.2_13-jre-jammy');
    expect(partsOf(`alpine:3.19@sha512:${'ab'.repeat(64)}`)).toMatchObject({
      tag: '3.19',
      digest: `sha512:${'ab'.repeat(64)}`,
    });
  });
});

describe('matchesPattern', () => {
  it('matches exactly without *', () => {
    expect(matchesPattern('20', '20')).toBe(true);
    expect(matchesPattern('20-alpine', '20')).toBe(false);
    expect(matchesPattern('2', '20')).toBe(false);
    expect(matchesPattern('V2', 'v2')).toBe(false);
  });

  it('matches a prefix with a trailing *', () => {
    expect(matchesPattern('22-dev', '22-*')).toBe(true);
    expect(matchesPattern('22-', '22-*')).toBe(true);
    expect(matchesPattern('22', '22-*')).toBe(false);
    expect(matchesPattern('v2.1.0', 'v2*')).toBe(true);
    expect(matchesPattern('v3', 'v2*')).toBe(false);
    expect(matchesPattern('', '*')).toBe(true);
    expect(matchesPattern('anything', '*')).toBe(true);
  });

  it('reads * anywhere else literally', () => {
    expect(matchesPattern('20-alpine', '*-alpine')).toBe(false);
    expect(matchesPattern('*-alpine', '*-alpine')).toBe(true);
    expect(matchesPattern('2x-alpine', '2*-alpine')).toBe(false);
  });

  it('matches every value against itself, and every extension of a prefix pattern', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (prefix, rest) => {
        expect(matchesPattern(prefix, prefix)).toBe(true);
        expect(matchesPattern(`${prefix}${rest}`, `${prefix}*`)).toBe(true);
        if (!prefix.endsWith('*') && rest !== '') {
          expect(matchesPattern(`${prefix}${rest}`, prefix)).toBe(false);
        }
      }),
    );
  });
});

describe('shortName', () => {
  it('is the last component of the repository', () => {
    expect(shortName(parseImageRef('registry.acme.io/base/node:20'))).toBe('node');
    expect(shortName(parseImageRef('node'))).toBe('node');
    expect(shortName(parseImageRef('cgr.dev/chainguard/python'))).toBe('python');
    expect(shortName(parseImageRef('localhost:5000/app'))).toBe('app');
  });

  it('is the same for an official image and its hardened replacement', () => {
    expect(shortName(parseImageRef('python:3.12'))).toBe(
      shortName(parseImageRef('cgr.dev/chainguard/python:latest')),
    );
  });
});

// ---------------------------------------------------------------------------------------
// Property: for generated parts, formatting a reference and parsing it returns the parts.

const alnum = fc.stringMatching(/^[a-z0-9]{1,8}$/);
/** A path component as Docker allows it (no dots, so it is never taken for a registry). */
const component = fc
  .tuple(alnum, fc.option(fc.tuple(fc.constantFrom('-', '_', '__'), alnum), { nil: undefined }))
  .map(([a, more]) => (more ? `${a}${more[0]}${more[1]}` : a))
  .filter((c) => c !== 'localhost');
const hostname = fc
  .array(alnum, { minLength: 2, maxLength: 4 })
  .map((labels) => labels.join('.'))
  .filter((h) => !['docker.io', 'index.docker.io', 'registry-1.docker.io'].includes(h));
const registry = fc.oneof(
  hostname,
  fc.tuple(hostname, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
  fc.constant('localhost'),
  fc.integer({ min: 1, max: 65535 }).map((p) => `localhost:${p}`),
  fc.tuple(alnum, fc.integer({ min: 1, max: 65535 })).map(([h, p]) => `${h}:${p}`),
);
const tag = fc.stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,40}$/);
const digest = fc.oneof(
  fc.stringMatching(/^[0-9a-f]{64}$/).map((hex) => `sha256:${hex}`),
  fc.stringMatching(/^[0-9a-f]{128}$/).map((hex) => `sha512:${hex}`),
);

const reference = fc.record({
  registry: fc.option(registry, { nil: undefined }),
  path: fc.array(component, { minLength: 1, maxLength: 4 }),
  tag: fc.option(tag, { nil: undefined }),
  digest: fc.option(digest, { nil: undefined }),
});

function format(parts: {
  registry: string | undefined;
  path: string[];
  tag: string | undefined;
  digest: string | undefined;
}): string {
  return `${parts.registry ? `${parts.registry}/` : ''}${parts.path.join('/')}${parts.tag ? `:${parts.tag}` : ''}${parts.digest ? `@${parts.digest}` : ''}`;
}

describe('parseImageRef properties', () => {
  it('returns the parts a reference was formatted from', () => {
    fc.assert(
      fc.property(reference, (parts) => {
        const ref = parseImageRef(format(parts));
        const repository = parts.path.join('/');
        if (parts.registry) {
          expect(ref.registry).toBe(parts.registry);
          expect(ref.repository).toBe(repository);
        } else {
          expect(ref.registry).toBe('docker.io');
          expect(ref.repository).toBe(
            parts.path.length === 1 ? `library/${repository}` : repository,
          );
        }
        expect(ref.canonical).toBe(`${ref.registry}/${ref.repository}`);
        expect(ref.tag).toBe(parts.tag);
        expect(ref.digest).toBe(parts.digest);
      }),
      { numRuns: 500 },
    );
  });

  it('gives a canonical name that parses to itself, whatever the tag and digest', () => {
    fc.assert(
      fc.property(reference, (parts) => {
        const ref: ImageRef = parseImageRef(format(parts));
        expect(parseImageRef(ref.canonical).canonical).toBe(ref.canonical);
        expect(
          parseImageRef(format({ ...parts, tag: undefined, digest: undefined })).canonical,
        ).toBe(ref.canonical);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws, and always names a registry and a repository', () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        const ref = parseImageRef(text);
        expect(ref.canonical).toBe(`${ref.registry}/${ref.repository}`);
        expect(ref.registry).not.toBe('');
        expect(ref.tag).not.toBe('');
        expect(ref.digest).not.toBe('');
      }),
      { numRuns: 300 },
    );
  });
});
