import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const digits = (n: number, seed: string) => fake('0123456789', n, seed);
const uuid = (seed: string) =>
  `${fake('hex', 8, `${seed}1`)}-${fake('hex', 4, `${seed}2`)}-${fake('hex', 4, `${seed}3`)}-${fake('hex', 4, `${seed}4`)}-${fake('hex', 12, `${seed}5`)}`;

const bot = `xoxb-${digits(12, 'sl-b1')}-${digits(13, 'sl-b2')}-${fake('base62', 24, 'sl-b3')}`;
const user = `xoxp-${digits(12, 'sl-u1')}-${digits(12, 'sl-u2')}-${digits(12, 'sl-u3')}-${fake('hex', 32, 'sl-u4')}`;
const app = `xapp-1-A${fake('upperDigits', 10, 'sl-a1')}-${digits(13, 'sl-a2')}-${fake('hex', 64, 'sl-a3')}`;
const config = `xoxe.xoxp-1-${fake('base62', 164, 'sl-c')}`;
const refresh = `xoxe-1-${fake('base62', 146, 'sl-r')}`;
const legacy = `xoxr-${digits(12, 'sl-l1')}-${fake('base62', 40, 'sl-l2')}`;
const webhook = `https://hooks.slack.com/services/T${fake('upperDigits', 8, 'sl-w1')}/B${fake('upperDigits', 10, 'sl-w2')}/${fake('base62', 24, 'sl-w3')}`;
const workflow = `https://hooks.slack.com/workflows/T${fake('upperDigits', 8, 'sl-f1')}/A${fake('upperDigits', 10, 'sl-f2')}/${digits(18, 'sl-f3')}/${fake('base62', 24, 'sl-f4')}`;
const trigger = `https://hooks.slack.com/triggers/T${fake('upperDigits', 8, 'sl-t1')}/${digits(13, 'sl-t2')}/${fake('hex', 32, 'sl-t3')}`;
const twilioKey = `SK${fake('hex', 32, 'tw-key')}`;
const twilioSid = `AC${fake('hex', 32, 'tw-sid')}`;
const twilioToken = fake('hex', 32, 'tw-token');
const sendgrid = `SG.${fake('base64url', 22, 'sg-1')}.${fake('base64url', 43, 'sg-2')}`;
const mailgunLegacy = `key-${fake('hex', 32, 'mg-legacy')}`;
const mailgun = `${fake('hex', 32, 'mg-1')}-${fake('hex', 8, 'mg-2')}-${fake('hex', 8, 'mg-3')}`;
const mailchimp = `${fake('hex', 32, 'mc')}-us21`;
const postmark = uuid('pm');
const discordId = Buffer.from(digits(18, 'dc-id').replace(/^0/, '1')).toString('base64url');
const discordBot = `${discordId}.${fake('base64url', 6, 'dc-2')}.${fake('base64url', 38, 'dc-3')}`;
const discordLookalike = `${fake('base64url', 24, 'dc-x')}.${fake('base64url', 6, 'dc-2')}.${fake('base64url', 38, 'dc-3')}`;
const discordHook = `https://discord.com/api/webhooks/${digits(19, 'dc-h1')}/${fake('base64url', 68, 'dc-h2')}`;
const telegram = `${digits(10, 'tg-1')}:AA${fake('base64url', 33, 'tg-2')}`;
const teams = `https://acme.webhook.office.com/webhookb2/${uuid('t1')}@${uuid('t2')}/IncomingWebhook/${fake('hex', 32, 't3')}/${uuid('t4')}`;
const intercom = Buffer.from(`tok:${uuid('ic').replace(/-/g, '_')}:1:0`).toString('base64');
const zendesk = fake('base62', 40, 'zd');
const ably = `${fake('base64url', 6, 'ab-1')}.${fake('base64url', 6, 'ab-2')}:${fake('base64url', 43, 'ab-3')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'slack-bot-token',
    positive: [
      { name: 'a token in .env', text: `SLACK_BOT_TOKEN=${bot}\n`, secret: bot },
      {
        name: 'a token in a Python dict',
        text: `data = {'token': '${bot}', 'channel': 'C0123'}`,
        secret: bot,
      },
    ],
    negative: [
      {
        name: 'a zeroed example',
        text: `SLACK_BOT_TOKEN=xoxb-${'0'.repeat(10)}-${'0'.repeat(13)}-${'0'.repeat(24)}`,
      },
      { name: 'a secret part that is too short', text: `SLACK_BOT_TOKEN=${bot.slice(0, -10)}` },
    ],
  },
  {
    id: 'slack-user-token',
    positive: [
      { name: 'a bearer header', text: `-H "Authorization: Bearer ${user}"`, secret: user },
    ],
    negative: [
      {
        name: 'a non-hex secret part',
        text: `Bearer ${user.slice(0, -32)}${fake('base62', 32, 'sl-u5')}`,
      },
    ],
  },
  {
    id: 'slack-app-token',
    positive: [
      { name: 'a Socket Mode token in .env', text: `SLACK_APP_TOKEN="${app}"`, secret: app },
    ],
    negative: [{ name: 'a truncated token', text: `SLACK_APP_TOKEN="${app.slice(0, 40)}"` }],
  },
  {
    id: 'slack-config-token',
    positive: [
      { name: 'a CLI flag', text: `slack manifest validate --token ${config}`, secret: config },
    ],
    negative: [{ name: 'a token that is too short', text: `--token ${config.slice(0, 100)}` }],
  },
  {
    id: 'slack-config-refresh-token',
    positive: [
      { name: 'a refresh token in JSON', text: `{"refresh_token": "${refresh}"}`, secret: refresh },
    ],
    negative: [
      { name: 'a token that is too short', text: `{"refresh_token": "${refresh.slice(0, 100)}"}` },
    ],
  },
  {
    id: 'slack-legacy-token',
    positive: [
      { name: 'a workspace refresh token', text: `SLACK_REFRESH=${legacy}`, secret: legacy },
    ],
    negative: [{ name: 'a low-entropy value', text: `SLACK_REFRESH=xoxr-1-${'abab'.repeat(6)}` }],
  },
  {
    id: 'slack-webhook-url',
    positive: [
      { name: 'a URL in YAML', text: `notify:\n  slack_webhook: ${webhook}\n`, secret: webhook },
      {
        name: 'a URL in a curl call',
        text: `curl -X POST -d '{"text":"hi"}' ${webhook}`,
        secret: webhook,
      },
    ],
    negative: [
      {
        name: 'a URL without the secret part',
        text: `see https://hooks.slack.com/services/T${fake('upperDigits', 8, 'sl-w1')}/B${fake('upperDigits', 10, 'sl-w2')}/`,
      },
      {
        name: 'a placeholder URL',
        text: 'https://hooks.slack.com/services/TXXXXXXXX/BXXXXXXXX/XXXXXXXXXXXXXXXXXXXXXXXX',
      },
    ],
  },
  {
    id: 'slack-workflow-webhook-url',
    positive: [
      { name: 'a workflow URL', text: `WORKFLOW_URL=${workflow}`, secret: workflow },
      { name: 'a trigger URL', text: `fetch("${trigger}", { method: "POST" })`, secret: trigger },
    ],
    negative: [
      {
        name: 'a URL missing the secret part',
        text: `https://hooks.slack.com/triggers/T${fake('upperDigits', 8, 'sl-t1')}/${digits(13, 'sl-t2')}`,
      },
    ],
  },
  {
    id: 'twilio-api-key',
    positive: [
      { name: 'a key in .env', text: `TWILIO_API_KEY=${twilioKey}`, secret: twilioKey },
      {
        name: 'a key in nested YAML',
        text: `twilio:\n  api_key: ${twilioKey}\n`,
        secret: twilioKey,
      },
    ],
    negative: [{ name: 'the same shape with no Twilio context', text: `SEGMENT_KEY=${twilioKey}` }],
  },
  {
    id: 'twilio-auth-token',
    positive: [
      {
        name: 'a token next to its account SID',
        text: `TWILIO_ACCOUNT_SID=${twilioSid}\nTWILIO_AUTH_TOKEN=${twilioToken}\n`,
        secret: twilioToken,
      },
    ],
    negative: [
      { name: 'a token with no account SID nearby', text: `TWILIO_AUTH_TOKEN=${twilioToken}\n` },
      { name: 'an account SID alone', text: `TWILIO_ACCOUNT_SID=${twilioSid}\n` },
    ],
  },
  {
    id: 'sendgrid-api-key',
    positive: [
      { name: 'a key in code', text: `sgMail.setApiKey('${sendgrid}');`, secret: sendgrid },
    ],
    negative: [
      { name: 'a key with a short last part', text: `SENDGRID_API_KEY=${sendgrid.slice(0, -5)}` },
    ],
  },
  {
    id: 'mailgun-api-key',
    positive: [
      {
        name: 'a legacy key',
        text: `var apiKey = process.env.MAILGUN_API || '${mailgunLegacy}';`,
        secret: mailgunLegacy,
      },
      { name: 'a current key', text: `MAILGUN_API_KEY=${mailgun}`, secret: mailgun },
    ],
    negative: [{ name: 'a key with no Mailgun context', text: `API_KEY=${mailgunLegacy}` }],
  },
  {
    id: 'mailchimp-api-key',
    positive: [
      { name: 'a key in .env', text: `MAILCHIMP_API_KEY=${mailchimp}`, secret: mailchimp },
    ],
    negative: [
      {
        name: 'a key without the data-centre suffix',
        text: `MAILCHIMP_API_KEY=${mailchimp.slice(0, 32)}`,
      },
    ],
  },
  {
    id: 'postmark-token',
    positive: [
      {
        name: 'a server token header',
        text: `"X-Postmark-Server-Token": "${postmark}",`,
        secret: postmark,
      },
      {
        name: 'a token in nested config',
        text: `postmark: {\n  apiToken: '${postmark}',\n}`,
        secret: postmark,
      },
    ],
    negative: [{ name: 'a UUID with no Postmark context', text: `request_id: "${postmark}"` }],
  },
  {
    id: 'discord-bot-token',
    positive: [
      { name: 'a token in .env', text: `DISCORD_TOKEN=${discordBot}`, secret: discordBot },
      {
        name: 'a token passed to login',
        text: `const discord = new Client();\ndiscord.login("${discordBot}");`,
        secret: discordBot,
      },
    ],
    negative: [
      {
        name: 'a first part that does not decode to a user id',
        text: `DISCORD_TOKEN=${discordLookalike}`,
      },
      { name: 'a token with no Discord context', text: `BOT_TOKEN=${discordBot}` },
    ],
  },
  {
    id: 'discord-webhook-url',
    positive: [
      { name: 'a webhook URL in .env', text: `ALERTS_WEBHOOK=${discordHook}`, secret: discordHook },
    ],
    negative: [
      {
        name: 'a webhook URL without its token',
        text: `ALERTS_WEBHOOK=https://discord.com/api/webhooks/${digits(19, 'dc-h1')}/`,
      },
    ],
  },
  {
    id: 'telegram-bot-token',
    positive: [
      { name: 'a token in .env', text: `TELEGRAM_BOT_TOKEN=${telegram}`, secret: telegram },
      {
        name: 'a token in an API URL',
        text: `https://api.telegram.org/bot${telegram}/sendMessage`,
        secret: telegram,
      },
    ],
    negative: [
      {
        name: 'a token with a short secret part',
        text: `TELEGRAM_BOT_TOKEN=${telegram.slice(0, -3)}`,
      },
    ],
  },
  {
    id: 'microsoft-teams-webhook-url',
    positive: [
      { name: 'a webhook URL in JSON', text: `{"teamsWebhook": "${teams}"}`, secret: teams },
    ],
    negative: [
      {
        name: 'a URL without the webhook id',
        text: `{"teamsWebhook": "https://acme.webhook.office.com/webhookb2/${uuid('t1')}"}`,
      },
    ],
  },
  {
    id: 'intercom-access-token',
    positive: [
      { name: 'a token in .env', text: `INTERCOM_ACCESS_TOKEN=${intercom}`, secret: intercom },
    ],
    negative: [
      {
        name: 'base64 that is not an Intercom token',
        text: `INTERCOM_ACCESS_TOKEN=dG9rO${fake('base62', 55, 'ic-x')}`,
      },
    ],
  },
  {
    id: 'zendesk-api-token',
    positive: [{ name: 'a token in .env', text: `ZENDESK_API_TOKEN=${zendesk}`, secret: zendesk }],
    negative: [
      {
        name: 'a commit hash near the word Zendesk',
        text: `zendesk fix in ${fake('hex', 40, 'zd-sha')}`,
      },
    ],
  },
  {
    id: 'ably-api-key',
    positive: [{ name: 'a key in .env', text: `ABLY_API_KEY=${ably}`, secret: ably }],
    negative: [{ name: 'a key-shaped value after the word probably', text: `probably ${ably}` }],
  },
];
