// What a webhook receives: Slack-compatible JSON (`text`, and `blocks` for a richer view)
// plus a `rampart` object with the structured event for programs. Built from the finding's
// metadata only: never its snippet, message or evidence (a finding of a secret is redacted,
// but nothing of it needs to leave the hub).

/** A finding, as an event names it. */
export interface EventFinding {
  readonly id: string;
  readonly title: string;
  readonly ruleId: string;
  readonly scanner: string;
  /** The severity that counts (an override replaces the scanner's). */
  readonly severity: string;
  /** `src/db.js:12`, `pkg:npm/lodash@4.17.20 (package-lock.json)` or `GET https://app/path`. */
  readonly location: string | null;
  readonly firstSeenAt: string;
  readonly firstSeenStage: string;
}

/** The project and team an event is about. */
export interface EventOwner {
  readonly project: { readonly id: string; readonly name: string };
  readonly team: { readonly id: string; readonly slug: string; readonly name: string };
}

/** The `rampart` object of a delivery: the structured event. */
export type RampartEvent =
  | (EventOwner & {
      readonly event: 'finding.new_critical';
      readonly occurredAt: string;
      readonly finding: EventFinding;
      readonly scanId: string;
      /** The finding in the hub: a path, absolute when the hub knows its public URL. */
      readonly link: string;
    })
  | (EventOwner & {
      readonly event: 'sla.breach';
      readonly occurredAt: string;
      readonly finding: EventFinding;
      readonly sla: {
        readonly days: number;
        readonly openedAt: string;
        readonly dueAt: string;
        readonly daysOverdue: number;
      };
      readonly link: string;
    })
  | {
      readonly event: 'question.escalated';
      readonly occurredAt: string;
      readonly team: EventOwner['team'];
      /** Never the question's body (it may hold sensitive details): title, age and why only. */
      readonly question: {
        readonly id: string;
        readonly title: string;
        readonly askedAt: string;
        /** Whole hours since it was asked. */
        readonly ageHours: number;
        /** `timeout`: unanswered too long; `no_champion`: the team has no champion. */
        readonly reason: 'timeout' | 'no_champion';
      };
      /** The question in the hub: a path, absolute when the hub knows its public URL. */
      readonly link: string;
    }
  | {
      readonly event: 'ping';
      readonly occurredAt: string;
      readonly webhook: { readonly id: string; readonly name: string };
    };

/** The hub path of a finding (the dashboard's page; the API has it at /api/v1/findings/:id). */
export function findingLink(findingId: string): string {
  return `/findings/${encodeURIComponent(findingId)}`;
}

/** The hub path of a question of the question desk. */
export function questionLink(questionId: string): string {
  return `/desk/questions/${encodeURIComponent(questionId)}`;
}

/** Where a finding is, in one line, from its reported JSON (never its snippet or evidence). */
export function locationOf(data: string): string | null {
  let location: Record<string, unknown> | undefined;
  try {
    location = (JSON.parse(data) as { location?: Record<string, unknown> }).location;
  } catch {
    return null;
  }
  if (location === undefined || location === null) return null;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  switch (location.kind) {
    case 'code': {
      const line = (location.region as { startLine?: unknown } | undefined)?.startLine;
      return typeof line === 'number' ? `${str(location.path)}:${line}` : str(location.path);
    }
    case 'package':
      return `${str(location.purl)} (${str(location.manifestPath)})`;
    case 'url': {
      // The query string and fragment may carry tokens: only the path goes out.
      let url = str(location.url);
      try {
        const u = new URL(url);
        url = `${u.origin}${u.pathname}`;
      } catch {
        url = url.split(/[?#]/)[0] ?? '';
      }
      const parameter = str(location.parameter);
      return `${str(location.method)} ${url}${parameter ? ` (parameter ${parameter})` : ''}`;
    }
    default:
      return null;
  }
}

/** Text for Slack mrkdwn: its control characters escaped, so a title cannot @mention or link. */
function esc(text: string, max = 300): string {
  const cut = text.length > max ? `${text.slice(0, max - 1)}…` : text;
  return cut.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Text inside a mrkdwn code span. */
function code(text: string, max = 300): string {
  return `\`${esc(text.replace(/`/g, "'"), max)}\``;
}

/** A link in mrkdwn when the link is absolute, else the path as code. */
function linkTo(link: string, label: string): string {
  return /^https?:\/\//.test(link)
    ? `<${link}|${esc(label, 200)}>`
    : `*${esc(label, 200)}* ${code(link)}`;
}

/** Makes a hub path absolute with the hub's public URL, when it is known. */
export function absoluteLink(path: string, publicUrl: string | undefined): string {
  return publicUrl === undefined ? path : `${publicUrl.replace(/\/+$/, '')}${path}`;
}

interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Record<string, unknown>[];
}

const mrkdwn = (text: string) => ({ type: 'mrkdwn', text });
const field = (label: string, value: string) => mrkdwn(`*${label}*\n${value}`);

function slackOf(event: RampartEvent): SlackMessage {
  const context = {
    type: 'context',
    elements: [mrkdwn(`Rampart · ${code(event.event)} · ${esc(event.occurredAt)}`)],
  };
  if (event.event === 'ping') {
    return {
      text: `Rampart webhook test: "${esc(event.webhook.name)}" is set up.`,
      blocks: [
        {
          type: 'section',
          text: mrkdwn(
            `:white_check_mark: Rampart webhook *${esc(event.webhook.name)}* is set up.`,
          ),
        },
        context,
      ],
    };
  }
  if (event.event === 'question.escalated') {
    const { question, team } = event;
    const why =
      question.reason === 'no_champion'
        ? 'the team has no champion'
        : `unanswered for ${question.ageHours} hours`;
    return {
      text: `Question escalated to the security team (team ${esc(team.name)}, ${why}): ${esc(question.title)}`,
      blocks: [
        {
          type: 'section',
          text: mrkdwn(
            `:raising_hand: *Question escalated* from team *${esc(team.name)}*: ${esc(why)}\n${linkTo(event.link, question.title)}`,
          ),
        },
        {
          type: 'section',
          fields: [
            field('Team', esc(team.name)),
            field('Asked', `${esc(question.askedAt)} (${question.ageHours} hours ago)`),
          ],
        },
        context,
      ],
    };
  }
  const { finding, project, team } = event;
  const where = `*${esc(project.name)}* (team ${esc(team.name)})`;
  const fields = [
    field('Severity', esc(finding.severity)),
    field('Rule', code(finding.ruleId)),
    field('Location', finding.location === null ? '—' : code(finding.location)),
  ];
  if (event.event === 'finding.new_critical') {
    fields.push(
      field('First seen', `${esc(finding.firstSeenStage)} · ${esc(finding.firstSeenAt)}`),
    );
    return {
      text: `New critical finding in ${esc(project.name)} (team ${esc(team.name)}): ${esc(finding.title)}`,
      blocks: [
        {
          type: 'section',
          text: mrkdwn(
            `:rotating_light: *New critical finding* in ${where}\n${linkTo(event.link, finding.title)}`,
          ),
        },
        { type: 'section', fields },
        context,
      ],
    };
  }
  const { sla } = event;
  fields.push(field('Due', `${esc(sla.dueAt)} (${sla.days} days)`));
  return {
    text: `SLA breached: ${esc(finding.severity)} finding in ${esc(project.name)} (team ${esc(team.name)}) was due ${esc(sla.dueAt)}: ${esc(finding.title)}`,
    blocks: [
      {
        type: 'section',
        text: mrkdwn(
          `:hourglass: *SLA breached* in ${where}: ${sla.daysOverdue} days overdue\n${linkTo(event.link, finding.title)}`,
        ),
      },
      { type: 'section', fields },
      context,
    ],
  };
}

/**
 * The body a delivery sends: `{ text, blocks, rampart }`. Links become absolute when the
 * hub's public URL is known (`publicUrl`); otherwise they stay hub paths.
 */
export function renderWebhookBody(event: RampartEvent, publicUrl?: string): string {
  const withLink: RampartEvent =
    event.event === 'ping' ? event : { ...event, link: absoluteLink(event.link, publicUrl) };
  const slack = slackOf(withLink);
  return JSON.stringify({ text: slack.text, blocks: slack.blocks, rampart: withLink });
}
