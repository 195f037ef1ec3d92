import { defineCheck } from '../../check.js';
import { positionOf, scalar } from '../../parsers/yaml-doc.js';
import { containerLabel, containers, podSpecs, setField } from '../k8s-workloads.js';

/** The tag of an image reference (`undefined` when it has none; the registry port is not one). */
function tagOf(image: string): string | undefined {
  const last = image.slice(image.lastIndexOf('/') + 1);
  const colon = last.indexOf(':');
  return colon === -1 ? undefined : last.slice(colon + 1);
}

/** A container image taken at `:latest` or with no tag, and no digest. */
export const k8sImageLatestTag = defineCheck({
  meta: {
    id: 'k8s-image-latest-tag',
    kind: 'kubernetes',
    title: 'Container image uses latest or no tag',
    severity: 'low',
    cwe: ['CWE-829'],
    owasp: 'A08:2021',
    description:
      'An image at `latest` (or with no tag, which means latest) is whatever was pushed last: nodes can run different code, a rollout cannot be reproduced or rolled back, and a compromised push is picked up silently.',
    remediation:
      'Reference a version, ideally pinned by digest: `image: registry.example.com/api:1.4.2@sha256:<digest>` (with Kustomize, set it in `images:` with `newTag`/`digest`).',
    references: [
      'https://kubernetes.io/docs/concepts/containers/images/#image-names',
      'https://kubernetes.io/docs/concepts/configuration/overview/#container-images',
    ],
  },
  check(doc, report) {
    for (const pod of podSpecs(doc))
      for (const c of containers(pod)) {
        const node = setField(c.node, 'image');
        const image = scalar(node)?.trim();
        // A digest pins the image whatever the tag; `$(…)`/`${…}` are filled in later.
        if (!node || !image || image.includes('@') || image.includes('$')) continue;
        const tag = tagOf(image);
        if (tag !== undefined && tag !== 'latest') continue;
        report({
          ...positionOf(doc, node),
          message:
            tag === 'latest'
              ? `The ${containerLabel(c)} uses image \`${image}\`: \`latest\` is whatever was pushed last.`
              : `The ${containerLabel(c)} uses image \`${image}\` with no tag, which means \`latest\`.`,
        });
      }
  },
});
