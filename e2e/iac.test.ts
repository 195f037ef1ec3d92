import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRampart } from './support/run-cli.js';

interface Report {
  findings: {
    ruleId: string;
    severity: string;
    location: {
      path: string;
      manifestPath?: string;
      line?: number;
      region: { startLine: number };
      snippet?: string;
    };
  }[];
}

function scan(cwd: string, path: string): { report: Report; stderr: string } {
  const { status, stdout, stderr } = runRampart(cwd, [
    'scan',
    path,
    '--scanners',
    'iac',
    '--format',
    'json',
    '--fail-on',
    'never',
  ]);
  expect(status, stderr).toBe(0);
  return { report: JSON.parse(stdout) as Report, stderr };
}

/** A fake secret, built at run time so the repository's own secret scan stays clean. */
const PLANTED = ['s3cr3t', 'session', 'value'].join('-');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'rampart-e2e-iac-'));
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(
    join(dir, 'app', 'Dockerfile'),
    `FROM node:20-alpine\nENV SESSION_SECRET=${PLANTED}\nRUN curl -fsSL https://example.com/i.sh | sh\n`,
  );
  mkdirSync(join(dir, 'app', 'chart', 'templates'), { recursive: true });
  writeFileSync(
    join(dir, 'app', 'chart', 'templates', 'deployment.yaml'),
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Values.name }}\n',
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('rampart scan with the iac scanner', () => {
  it("reports the example app's Dockerfile, workflow, manifest and Terraform on exact lines", () => {
    const repo = fileURLToPath(new URL('../', import.meta.url));
    const { report } = scan(repo, 'examples');
    const found = report.findings.map(
      (f) =>
        `${f.location.path ?? f.location.manifestPath}:${f.location.region?.startLine ?? f.location.line} ${f.ruleId}`,
    );
    expect(found).toEqual(
      expect.arrayContaining([
        'vulnerable-node-app/Dockerfile:2 iac/docker-runs-as-root',
        // The example paved road requires digests: its finding replaces the generic one.
        'vulnerable-node-app/Dockerfile:2 paved-road/base-image-digest',
        'vulnerable-node-app/Dockerfile:3 iac/docker-secret-in-env-arg',
        'vulnerable-node-app/Dockerfile:4 iac/docker-curl-pipe-shell',
        'vulnerable-node-app/Dockerfile:8 iac/docker-ssh-exposed',
        'vulnerable-node-app/.github/workflows/ci.yml:4 iac/gha-excessive-permissions',
        'vulnerable-node-app/.github/workflows/ci.yml:11 iac/gha-pull-request-target-checkout',
        'vulnerable-node-app/.github/workflows/ci.yml:12 iac/gha-unpinned-action',
        'vulnerable-node-app/.github/workflows/ci.yml:14 iac/gha-expression-injection',
        'vulnerable-node-app/deploy/kubernetes.yaml:14 iac/k8s-host-namespaces',
        'vulnerable-node-app/deploy/kubernetes.yaml:19 iac/k8s-privileged-container',
        'vulnerable-node-app/deploy/kubernetes.yaml:22 iac/k8s-secret-in-env',
        'vulnerable-node-app/deploy/main.tf:4 iac/tf-aws-s3-public-acl',
        'vulnerable-node-app/deploy/main.tf:13 iac/tf-aws-security-group-open-admin-port',
      ]),
    );
  });

  it('masks a secret it found, and notes templates it cannot read', () => {
    const { report } = scan(dir, 'app');
    const secret = report.findings.find((f) => f.ruleId === 'iac/docker-secret-in-env-arg');
    expect(secret?.location.region.startLine).toBe(2);
    expect(secret?.location.snippet).not.toContain(PLANTED);
    expect(report.findings.map((f) => f.ruleId)).toContain('iac/docker-curl-pipe-shell');
    expect(report.findings.some((f) => f.location.path.includes('templates'))).toBe(false);
  });
});
