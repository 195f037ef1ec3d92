import { readFile, writeFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { styleText } from 'node:util';
import { UsageError } from '@rampart/core';
import type { Threat, ThreatDecision, ThreatSeverity } from '@rampart/threat-model';
import { type Command, Option } from 'commander';
import { useColor } from '../cli-io.js';
import { ExitCode } from '../exit-codes.js';
import { hubRequest, hubServerUrl, hubToken, NO_TOKEN } from '../hub/hub-client.js';
import type { CommandDeps } from './command-deps.js';

interface ThreatModelFlags {
  format: 'text' | 'json';
  output?: string;
  failOn: ThreatSeverity | 'never';
  server?: string;
  project?: string;
  token?: string;
  verbose?: boolean;
  quiet?: boolean;
}

const SEVERITY_RANK: Record<ThreatSeverity, number> = { critical: 0, high: 1, medium: 2, low: 3 };

/** Whether an open threat is at or above the gate's severity. */
/** What the hub answers an upload (the fields this command reads). */
interface HubAnswer {
  readonly revision?: number;
  readonly unchanged?: boolean;
  readonly threats?: readonly {
    readonly id: string;
    readonly status: ThreatDecision['status'];
    readonly evidence?: string;
    readonly reason?: string;
    readonly note?: string;
  }[];
  readonly merge?: { readonly carried?: readonly string[]; readonly conflicts?: readonly string[] };
}

/** A decision as the hub answers it. */
function hubDecision(t: NonNullable<HubAnswer['threats']>[number]): ThreatDecision {
  if (t.status === 'mitigated') return { status: 'mitigated', evidence: t.evidence ?? '' };
  if (t.status === 'accepted') return { status: 'accepted', reason: t.reason ?? '' };
  return t.note === undefined ? { status: 'open' } : { status: 'open', note: t.note };
}

function failsGate(threat: Threat, failOn: ThreatSeverity | 'never'): boolean {
  return (
    failOn !== 'never' &&
    threat.decision.status === 'open' &&
    SEVERITY_RANK[threat.rule.severity] <= SEVERITY_RANK[failOn]
  );
}

/** The threats as developers read them: open ones first, each with its fix. */
export function renderThreatsText(
  modelName: string,
  threats: readonly Threat[],
  failOn: ThreatSeverity | 'never',
  color: boolean,
): string {
  const paint = (style: Parameters<typeof styleText>[0], text: string) =>
    color ? styleText(style, text) : text;
  const out = [`${paint('bold', 'Threat model')}: ${modelName}`, ''];
  const order = { open: 0, accepted: 1, mitigated: 2 } as const;
  const sorted = [...threats].sort((a, b) => order[a.decision.status] - order[b.decision.status]);
  for (const t of sorted) {
    const mark =
      t.decision.status === 'mitigated'
        ? paint('green', '✔ mitigated')
        : t.decision.status === 'accepted'
          ? paint('yellow', '~ accepted ')
          : failsGate(t, failOn)
            ? paint('red', '✖ open     ')
            : '• open     ';
    out.push(
      `${mark}  ${t.rule.severity.toUpperCase().padEnd(8)} ${t.rule.title}  ${paint('dim', t.id)}`,
    );
    out.push(
      `    ${t.rule.stride} · ${t.target.kind} "${t.target.name}" · ${[...t.rule.cwe, ...t.rule.capec].join(' ')}`,
    );
    if (t.decision.status === 'open') {
      if (t.decision.note) out.push(`    note: ${t.decision.note}`);
      for (const m of t.rule.mitigations.slice(0, 2)) out.push(`    fix: ${m}`);
    } else if (t.decision.status === 'mitigated') out.push(`    evidence: ${t.decision.evidence}`);
    else out.push(`    reason: ${t.decision.reason}`);
  }
  const open = threats.filter((t) => t.decision.status === 'open').length;
  const failing = threats.filter((t) => failsGate(t, failOn)).length;
  out.push(
    '',
    `${threats.length} threats · ${open} open · ${threats.length - open} decided${
      failOn === 'never'
        ? ''
        : failing > 0
          ? ` · ${paint('red', `✖ gate failed: ${failing} open at or above ${failOn}`)}`
          : ` · ${paint('green', `✔ gate passed: none open at or above ${failOn}`)}`
    }`,
  );
  return `${out.join('\n')}\n`;
}

/** Registers `rampart threat-model`. */
export function registerThreatModelCommand(program: Command, deps: CommandDeps): void {
  program
    .command('threat-model')
    .summary('list the threats a threatmodel.yml gives, and gate on open ones')
    .description(
      "Read a threat model as code (threatmodel.yml: elements, data flows, trust boundaries, and decisions about threats), apply Rampart's STRIDE threat library to it, and list every threat with its status (open, mitigated with evidence, accepted with a reason). With --fail-on, exit 1 while threats at or above that severity are open.",
    )
    .argument('[file]', 'the model', 'threatmodel.yml')
    .addOption(
      new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'),
    )
    .option('--output <file>', 'write the result to this file instead of stdout')
    .addOption(
      new Option(
        '--fail-on <severity>',
        'fail (exit 1) while a threat at or above this severity is open',
      )
        .choices(['critical', 'high', 'medium', 'low', 'never'])
        .default('never'),
    )
    .option(
      '--server <url>',
      "send the model to the hub (rampart serve) as the project's next revision; the report and the gate then count the decisions recorded in the hub",
    )
    .option('--project <id>', 'with --server: the project id on the hub')
    .option('--token <token>', 'with --server: the API token (default: $RAMPART_TOKEN)')
    .option('--verbose', 'print debug messages on stderr')
    .option('--quiet', 'print only errors on stderr')
    .addHelpText(
      'after',
      `
Examples:
  rampart threat-model                         # threatmodel.yml in this folder
  rampart threat-model docs/payments.threatmodel.yml --fail-on high
  rampart threat-model --format json --output threats.json
  rampart threat-model --server https://rampart.example.com --project ID   # token in RAMPART_TOKEN

The format and the threat library: docs/threat-models.md. Mark a threat as decided in the
model's "threats:" section, by its id (<rule>@<element or flow>):
  threats:
    TM-S-001@payments-api: { status: mitigated, evidence: "mTLS between services, see ADR-12" }
    TM-D-003@queue: { status: accepted, reason: "bounded by the broker's quotas" }`,
    )
    .action(async (file: string, flags: ThreatModelFlags) => {
      const logger = deps.makeLogger(flags);
      const { evaluateThreats, loadThreatModel, THREAT_RULES, unmatchedDecisionKeys } =
        await import('@rampart/threat-model');
      const path = resolve(deps.io.cwd, file);
      const shown = relative(deps.io.cwd, path) || file;
      const model = await loadThreatModel(path).catch((err: unknown) => {
        if ((err as { code?: string }).code === 'RAMPART_CONFIG_NOT_FOUND')
          throw new UsageError(`${shown}: no such file`, {
            hint: 'write a threatmodel.yml (see docs/threat-models.md) or name the model file',
          });
        throw err;
      });
      const localThreats = evaluateThreats(model, THREAT_RULES);
      for (const key of unmatchedDecisionKeys(model, localThreats)) {
        logger.warn(
          `${shown}: threats.${key} decides a threat the model no longer gives (a renamed element, or the rule no longer applies); remove it`,
        );
      }
      // With --server: the model is uploaded first, so the report and the gate count the
      // decisions recorded in the hub (the dashboard) that this file does not have yet.
      const hubDecisions = new Map<string, ThreatDecision>();
      if (flags.server !== undefined) {
        if (flags.project === undefined) throw new UsageError('--server needs --project <id>');
        const token = hubToken(flags.token, deps.io.env);
        if (token === undefined) throw new UsageError(NO_TOKEN);
        const hub = { server: hubServerUrl(flags.server), project: flags.project, token };
        const { body } = await hubRequest(hub, {
          method: 'PUT',
          path: `api/v1/projects/${encodeURIComponent(flags.project)}/threat-model`,
          body: await readFile(path),
          contentType: 'application/yaml',
          what: 'threat model upload to',
          signal: deps.signal,
          timeoutSeconds: 60,
        });
        const answer = body as HubAnswer;
        logger.info(
          answer.unchanged
            ? `the hub has this model already (revision ${answer.revision})`
            : `uploaded to ${hub.server.origin} as revision ${answer.revision}`,
        );
        const { carried = [], conflicts = [] } = answer.merge ?? {};
        if (carried.length > 0)
          logger.info(`kept ${carried.length} decisions made in the hub: ${carried.join(', ')}`);
        if (conflicts.length > 0)
          logger.warn(
            `this file's decision replaced the one made in the hub for: ${conflicts.join(', ')}`,
          );
        for (const t of answer.threats ?? [])
          if (t.status !== 'open') hubDecisions.set(t.id, hubDecision(t));
        const onlyInHub = localThreats.filter(
          (t) => t.decision.status === 'open' && hubDecisions.has(t.id),
        );
        if (onlyInHub.length > 0)
          logger.info(
            `${onlyInHub.length} threats open in this file are decided in the hub (${onlyInHub
              .map((t) => t.id)
              .join(
                ', ',
              )}); the report and the gate count the hub's decisions. Copy the hub's threatmodel.yml into the repository to record them here.`,
          );
      }
      const threats = localThreats.map((t) => {
        const decided = t.decision.status === 'open' ? hubDecisions.get(t.id) : undefined;
        return decided === undefined ? t : { ...t, decision: decided };
      });
      const toStdout = flags.output === undefined;
      const rendered =
        flags.format === 'json'
          ? `${JSON.stringify(
              {
                model: model.name,
                failOn: flags.failOn,
                threats: threats.map((t) => ({
                  id: t.id,
                  rule: t.rule.id,
                  title: t.rule.title,
                  stride: t.rule.stride,
                  severity: t.rule.severity,
                  target: t.target,
                  ...t.decision,
                  cwe: t.rule.cwe,
                  capec: t.rule.capec,
                  mitigations: t.rule.mitigations,
                })),
              },
              null,
              2,
            )}\n`
          : renderThreatsText(
              model.name,
              threats,
              flags.failOn,
              toStdout && useColor(deps.io.stdout, deps.io.env),
            );
      if (toStdout) deps.io.stdout.write(rendered);
      else {
        await writeFile(resolve(deps.io.cwd, flags.output as string), rendered, 'utf8');
        logger.info(`wrote ${flags.format} to ${flags.output}`);
      }
      const failing = threats.filter((t) => failsGate(t, flags.failOn));
      if (failing.length > 0 && (flags.format === 'json' || !toStdout))
        logger.info(`gate failed: ${failing.length} open threats at or above ${flags.failOn}`);
      deps.setExitCode(failing.length > 0 ? ExitCode.GateFailed : ExitCode.Passed);
    });
}
