/**
 * Shared by the `k8s-*` checks: the objects of a manifest file, their pod specs and their
 * containers, and booleans read as Kubernetes reads them.
 */
import { isMap, isScalar, type Node, type YAMLMap } from 'yaml';
import type { YamlDoc } from '../check.js';
import { child, items, keyNode, scalar } from '../parsers/yaml-doc.js';

/** One Kubernetes object: a document with `apiVersion` and `kind`, or an item of a `List`. */
export interface K8sObject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
  readonly node: YAMLMap;
}

/** A pod spec, wherever its object keeps it. */
export interface PodSpec {
  readonly object: K8sObject;
  readonly spec: YAMLMap;
  /** The `spec` key of the pod spec (where a finding about the whole pod goes). */
  readonly specKey: Node | undefined;
  /** `spec.os.name: windows`: Linux-only securityContext fields are forbidden there. */
  readonly windows: boolean;
}

/** A container of a pod spec. */
export interface Container {
  readonly pod: PodSpec;
  readonly node: YAMLMap;
  readonly name: string;
  readonly group: 'containers' | 'initContainers' | 'ephemeralContainers';
  readonly securityContext: YAMLMap | undefined;
}

/** Where each workload kind keeps its pod spec (the path from the object's top level). */
const POD_SPEC_PATHS: Readonly<Record<string, readonly string[]>> = {
  Pod: ['spec'],
  PodTemplate: ['template', 'spec'],
  Deployment: ['spec', 'template', 'spec'],
  StatefulSet: ['spec', 'template', 'spec'],
  DaemonSet: ['spec', 'template', 'spec'],
  ReplicaSet: ['spec', 'template', 'spec'],
  ReplicationController: ['spec', 'template', 'spec'],
  Job: ['spec', 'template', 'spec'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template', 'spec'],
};

function asObject(node: unknown): K8sObject | undefined {
  if (!isMap(node)) return undefined;
  const kind = scalar(child(node, 'kind'));
  if (!kind || scalar(child(node, 'apiVersion')) === undefined) return undefined;
  const metadata = child(node, 'metadata');
  return {
    kind,
    name: scalar(child(metadata, 'name')) ?? scalar(child(metadata, 'generateName')) ?? '',
    namespace: scalar(child(metadata, 'namespace')),
    node: node as YAMLMap,
  };
}

/** Every object of the file, including the items of `kind: List` (as `kubectl get -o yaml`). */
export function k8sObjects(doc: YamlDoc): K8sObject[] {
  const out: K8sObject[] = [];
  const visit = (node: unknown): void => {
    const object = asObject(node);
    if (!object) return;
    if (object.kind === 'List' || object.kind.endsWith('List')) {
      for (const item of items(child(node, 'items'))) visit(item);
      return;
    }
    out.push(object);
  };
  for (const document of doc.documents) visit(document.contents);
  return out;
}

/** The pod specs of the file's workloads (Pod, Deployment, …, CronJob). */
export function podSpecs(doc: YamlDoc): PodSpec[] {
  return k8sObjects(doc).flatMap((object) => {
    const path = POD_SPEC_PATHS[object.kind];
    if (!path) return [];
    let parent: unknown;
    let node: unknown = object.node;
    for (const key of path) {
      parent = node;
      node = child(node, key);
    }
    if (!isMap(node)) return [];
    const windows = scalar(child(child(node, 'os'), 'name'))?.toLowerCase() === 'windows';
    return [{ object, spec: node as YAMLMap, specKey: keyNode(parent, 'spec'), windows }];
  });
}

/**
 * The containers of a pod spec (`containers`, `initContainers`, `ephemeralContainers`), in
 * the order they appear in the file.
 */
export function containers(
  pod: PodSpec,
  groups: readonly Container['group'][] = ['containers', 'initContainers', 'ephemeralContainers'],
): Container[] {
  const found = groups.flatMap((group) =>
    items(child(pod.spec, group)).flatMap((node) => {
      if (!isMap(node)) return [];
      const securityContext = child(node, 'securityContext');
      return [
        {
          pod,
          node: node as YAMLMap,
          name: scalar(child(node, 'name')) ?? '(unnamed)',
          group,
          securityContext: isMap(securityContext) ? (securityContext as YAMLMap) : undefined,
        },
      ];
    }),
  );
  return found.sort((a, b) => (a.node.range?.[0] ?? 0) - (b.node.range?.[0] ?? 0));
}

/** "Deployment `api`", for messages. */
export function objectLabel(object: K8sObject): string {
  return object.name ? `${object.kind} \`${object.name}\`` : object.kind;
}

/** "container `web` of Deployment `api`" (or "init container …"), for messages. */
export function containerLabel(c: Container): string {
  const what =
    c.group === 'initContainers'
      ? 'init container'
      : c.group === 'ephemeralContainers'
        ? 'ephemeral container'
        : 'container';
  return `${what} \`${c.name}\` of ${objectLabel(c.pod.object)}`;
}

/**
 * Where a finding about a missing securityContext field of a container goes: the container's
 * `securityContext` key when it has one, else the container itself (its first key's line).
 */
export function securityContextAnchor(c: Container): Node {
  return keyNode(c.node, 'securityContext') ?? c.node;
}

/**
 * A boolean as Kubernetes reads it: its YAML parser is YAML 1.1, where plain `yes`/`on`/`y`
 * are true and `no`/`off`/`n` false. Anything else (quoted strings, null) is `undefined`.
 */
export function flag(node: unknown): boolean | undefined {
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'boolean') return node.value;
  if (node.type !== 'PLAIN' || typeof node.value !== 'string') return undefined;
  if (/^(?:y|Y|yes|Yes|YES|on|On|ON)$/.test(node.value)) return true;
  if (/^(?:n|N|no|No|NO|off|Off|OFF)$/.test(node.value)) return false;
  return undefined;
}

/** The value node of `key` in a map, unless it is absent or null. */
export function setField(map: unknown, key: string): Node | undefined {
  const node = child(map, key);
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  return node;
}
