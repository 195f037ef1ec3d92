import { defineCheck } from '../../check.js';

/** A base image by mutable tag (or `latest`, or no tag) instead of a digest. */
export const dockerImageNotPinned = defineCheck({
  meta: {
    id: 'docker-image-not-pinned',
    kind: 'dockerfile',
    title: 'Base image not pinned by digest',
    severity: 'low',
    cwe: ['CWE-829'],
    owasp: 'A08:2021',
    description:
      'The base image is referenced by a tag, which its publisher (or anyone who compromises the registry account) can move: builds are not reproducible and can silently pull a different image.',
    remediation:
      'Pin the image by digest and let a bot (Dependabot, Renovate) update it: `FROM node:20.11.1-alpine@sha256:<digest>` (find it with `docker buildx imagetools inspect node:20.11.1-alpine`).',
    references: ['https://docs.docker.com/reference/dockerfile/#from'],
  },
  check(doc, report) {
    const stages = new Set(doc.froms.flatMap((f) => (f.stage ? [f.stage.toLowerCase()] : [])));
    for (const from of doc.froms) {
      const image = from.image;
      if (!image || from.digest) continue;
      // `FROM build` refers to an earlier stage; `scratch` is empty; `${BASE}` is a build arg.
      if (stages.has(image.toLowerCase()) || image === 'scratch' || image.includes('$')) continue;
      const tag = from.tag ?? 'latest';
      report({
        line: from.instruction.line,
        column: from.instruction.column,
        message:
          tag === 'latest'
            ? `The base image ${image} is taken at \`latest\` (mutable, and whatever is newest at build time); pin a version and a digest.`
            : `The base image ${image}:${tag} is pinned by tag only; tags can be moved, pin the digest too.`,
      });
    }
  },
});
