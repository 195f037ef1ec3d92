import type { Node } from 'yaml';
import { defineCheck } from '../../check.js';
import { child, entries, positionOf, scalar } from '../../parsers/yaml-doc.js';

/** `image: node:20` or `image: { name: node }`: a job image by mutable tag. */
export const gitlabUnpinnedImage = defineCheck({
  meta: {
    id: 'gitlab-unpinned-image',
    kind: 'gitlab-ci',
    title: 'CI image not pinned by digest',
    severity: 'low',
    cwe: ['CWE-829'],
    owasp: 'A08:2021',
    description:
      'A job runs in an image referenced by a tag, which can be moved: the pipeline may run a different (or compromised) image with its secrets.',
    remediation:
      'Pin job and service images by digest (`image: node:20.11.1@sha256:<digest>`) and let Renovate update them.',
    references: ['https://docs.gitlab.com/ee/ci/yaml/#image'],
  },
  check(doc, report) {
    const root = doc.documents[0]?.contents;
    const check = (node: Node | undefined) => {
      const valueNode = scalar(node) !== undefined ? node : child(node, 'name');
      const image = scalar(valueNode);
      if (!image || image.includes('@sha256:') || image.includes('$')) return;
      const at = positionOf(doc, valueNode);
      report({
        line: at.line,
        column: at.column,
        message: `Image ${image} is not pinned by digest.`,
      });
    };
    check(child(root, 'image'));
    check(child(child(root, 'default'), 'image'));
    for (const [name, job] of entries(root)) {
      if (name === 'default' || name === 'image') continue;
      check(child(job, 'image'));
    }
  },
});
