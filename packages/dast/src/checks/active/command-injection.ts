import type {
  ActiveCheck,
  ActiveContext,
  DastIssue,
  DastRule,
  Endpoint,
  Param,
} from '../../types.js';
import {
  delayPlan,
  EndpointBaseline,
  injectableParams,
  originalText,
  timingDetails,
} from './injection-common.js';
import { confirmDelay, type TimingOptions } from './timing.js';

/** OS command injection, found by making the shell sleep. */
export const COMMAND_INJECTION_RULE: DastRule = {
  id: 'dast/command-injection',
  title: 'OS command injection',
  severity: 'critical',
  cwe: ['CWE-78'],
  owasp: 'A03:2021',
  remediation: [
    'Do not pass request values through a shell. Call the program directly with an argument',
    'array (`execFile("convert", [input, output])`, `subprocess.run([...], shell=False)`,',
    '`exec.Command(name, args...)`), validate values against an allow-list (e.g. a file name',
    'pattern), and put `--` before user-supplied arguments so they cannot become options. Better',
    'still, use a library instead of an external command.',
  ].join(' '),
  references: [
    'https://owasp.org/www-community/attacks/Command_Injection',
    'https://cheatsheetseries.owasp.org/cheatsheets/OS_Command_Injection_Defense_Cheat_Sheet.html',
    'https://cwe.mitre.org/data/definitions/78.html',
  ],
};

/**
 * Shell separators, most common first. Each keeps the original value in front (some
 * applications validate a prefix) and ends so that text the application appends after the
 * value still parses. Windows (`& timeout /T`) is left out: `timeout` needs a console and the
 * usual `ping -n` substitute pings forever on Unix.
 */
const TEMPLATES: readonly ((value: string, delaySec: number) => string)[] = [
  (v, d) => `${v};sleep ${d};`,
  (v, d) => `${v}$(sleep ${d})`,
  (v, d) => `${v}|sleep ${d}`,
  (v, d) => `${v}&&sleep ${d}&&`,
  (v, d) => `${v}\`sleep ${d}\``,
  (v, d) => `${v}\nsleep ${d}\n`,
  (v, d) => `${v}';sleep ${d};'`,
];

async function testParam(
  endpoint: Endpoint,
  param: Param,
  ctx: ActiveContext,
  baseline: EndpointBaseline,
  options: TimingOptions,
): Promise<DastIssue | undefined> {
  const plan = await delayPlan('command-injection', endpoint, ctx, baseline, options);
  if (!plan) return undefined;
  const { delaySec } = plan;
  const value = originalText(param);
  for (const template of TEMPLATES) {
    const verdict = await confirmDelay(ctx, plan.latency, delaySec, (d) => {
      const payload = template(value, d);
      return { payload, request: ctx.inject(endpoint, param, payload) };
    });
    if (!verdict.confirmed) continue;
    return {
      ruleId: COMMAND_INJECTION_RULE.id,
      message: verdict.tracks
        ? `Parameter '${param.name}' reaches a shell: "sleep ${delaySec}" and "sleep ${2 * delaySec}" delayed the response by about ${delaySec} s and ${2 * delaySec} s, while "sleep 0" did not.`
        : `Parameter '${param.name}' probably reaches a shell: "sleep ${delaySec}" delayed the response twice, while "sleep 0" did not.`,
      confidence: verdict.tracks ? 'high' : 'medium',
      method: endpoint.method,
      url: endpoint.url,
      parameter: param.name,
      payload: verdict.payload,
      exchange: verdict.exchange,
      details: {
        ...timingDetails(plan, verdict),
      },
    };
  }
  return undefined;
}

/** Builds the command injection check (tests lower the delay floor). */
export function createCommandInjectionCheck(options: TimingOptions = {}): ActiveCheck {
  return {
    id: 'command-injection',
    rules: [COMMAND_INJECTION_RULE],
    async *run(endpoint, ctx) {
      const params = injectableParams(endpoint);
      if (params.length === 0) return;
      const baseline = new EndpointBaseline(endpoint, ctx, options);
      if (!(await baseline.first())) return;
      for (const param of params) {
        const issue = await testParam(endpoint, param, ctx, baseline, options);
        if (issue) yield issue;
      }
    },
  };
}

/** OS command injection by time delays (`;sleep`, `$(sleep)`, backticks, pipes). */
export const commandInjectionCheck: ActiveCheck = createCommandInjectionCheck();
