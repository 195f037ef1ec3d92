import type { Detector } from '../../detector.js';
import { decodeBase64Text } from '../../engine/checksums.js';

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

const SLACK_OAUTH =
  'Revoke the token (call `auth.revoke` with it, or api.slack.com/apps > the app > OAuth & Permissions > ' +
  'Revoke All OAuth Tokens, or uninstall the app), reinstall to get a new one, turn on token rotation, check ' +
  'the workspace access logs, and store the new one in a secret manager.';

/** Messaging, chat and email-delivery credentials: Slack, Twilio, SendGrid, Discord and others. */
export const messagingDetectors: readonly Detector[] = [
  {
    id: 'slack-bot-token',
    provider: 'Slack',
    title: 'Slack bot token',
    severity: 'high',
    keywords: ['xoxb-'],
    pattern:
      /\b(?<secret>xoxb-(?:\d{10,13}-\d{10,13}-[A-Za-z0-9]{24,34}|\d{8,14}-[A-Za-z0-9]{18,26}))\b/,
    minEntropy: 3.5,
    remediation: SLACK_OAUTH,
    references: ['https://api.slack.com/authentication/token-types#bot'],
  },
  {
    id: 'slack-user-token',
    provider: 'Slack',
    title: 'Slack user token',
    severity: 'critical',
    keywords: ['xoxp-'],
    pattern: /\b(?<secret>xoxp-\d{10,13}-\d{10,13}-\d{10,13}-[a-f0-9]{32})\b/,
    minEntropy: 3.5,
    remediation: SLACK_OAUTH,
    references: ['https://api.slack.com/authentication/token-types#user'],
  },
  {
    id: 'slack-app-token',
    provider: 'Slack',
    title: 'Slack app-level token',
    severity: 'high',
    keywords: ['xapp-'],
    pattern: /\b(?<secret>xapp-\d-[A-Z0-9]{9,12}-\d{10,13}-[a-f0-9]{64})\b/,
    minEntropy: 3.5,
    remediation:
      'Revoke the token at api.slack.com/apps > the app > Basic Information > App-Level Tokens > the token > ' +
      'Revoke, generate a new one with only the scopes it needs (usually `connections:write`), and store the ' +
      'new one in a secret manager.',
    references: ['https://api.slack.com/authentication/token-types#app-level'],
  },
  {
    id: 'slack-config-token',
    provider: 'Slack',
    title: 'Slack app configuration access token',
    severity: 'high',
    keywords: ['xoxe.xoxp-', 'xoxe.xoxb-'],
    pattern: /\b(?<secret>xoxe\.xox[bp]-\d-[A-Za-z0-9]{163,166})\b/,
    minEntropy: 4,
    remediation:
      'Revoke the configuration tokens at api.slack.com/apps > Your App Configuration Tokens > Revoke (or call ' +
      '`auth.revoke`), generate new ones, and store the new one in a secret manager.',
    references: ['https://api.slack.com/authentication/config-tokens'],
  },
  {
    id: 'slack-config-refresh-token',
    provider: 'Slack',
    title: 'Slack configuration refresh token',
    severity: 'high',
    keywords: ['xoxe-'],
    pattern: /\b(?<secret>xoxe-\d-[A-Za-z0-9]{146})\b/,
    minEntropy: 4,
    remediation:
      'Revoke the configuration token pair at api.slack.com/apps > Your App Configuration Tokens > Revoke, ' +
      'generate a new pair (then rotate with `tooling.tokens.rotate`), and store the new one in a secret manager.',
    references: ['https://api.slack.com/authentication/config-tokens#rotating'],
  },
  {
    id: 'slack-legacy-token',
    provider: 'Slack',
    title: 'Slack legacy, workspace or refresh token (xoxa, xoxr, xoxo, xoxs)',
    severity: 'high',
    keywords: ['xoxa-', 'xoxr-', 'xoxo-', 'xoxs-'],
    pattern: /\b(?<secret>xox[aors]-\d{1,13}-[0-9A-Za-z-]{20,150})\b/,
    minEntropy: 3.5,
    remediation:
      'Revoke the token (call `auth.revoke` with it, or remove the legacy token or workspace app at ' +
      'api.slack.com/apps), move to a current Slack app with granular scopes, and store the new one in a secret ' +
      'manager.',
    references: ['https://api.slack.com/legacy/custom-integrations/legacy-tokens'],
  },
  {
    id: 'slack-webhook-url',
    provider: 'Slack',
    title: 'Slack incoming webhook URL',
    severity: 'medium',
    keywords: ['hooks.slack.com/services/'],
    pattern:
      /(?<secret>https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8,12}\/B[A-Z0-9]{8,12}\/[A-Za-z0-9]{24})\b/,
    minEntropy: 4,
    remediation:
      'Anyone with the URL can post to the channel. Delete the webhook (api.slack.com/apps > the app > ' +
      'Incoming Webhooks > Remove, or the legacy Incoming WebHooks configuration), add a new one, and store the ' +
      'new one in a secret manager.',
    references: ['https://api.slack.com/messaging/webhooks'],
  },
  {
    id: 'slack-workflow-webhook-url',
    provider: 'Slack',
    title: 'Slack Workflow Builder webhook URL',
    severity: 'medium',
    keywords: ['hooks.slack.com/workflows/', 'hooks.slack.com/triggers/'],
    pattern:
      /(?<secret>https:\/\/hooks\.slack\.com\/(?:workflows\/T[A-Z0-9]{8,12}\/A[A-Z0-9]{8,12}\/\d{8,20}\/[A-Za-z0-9]{22,64}|triggers\/T[A-Z0-9]{8,12}\/\d{8,20}\/[A-Za-z0-9]{22,64}))\b/,
    minEntropy: 4,
    remediation:
      'Anyone with the URL can start the workflow. In Workflow Builder, delete the webhook trigger of the ' +
      'workflow and add a new one, then store the new one in a secret manager.',
    references: [
      'https://slack.com/help/articles/360041352714-Build-a-workflow--Create-a-workflow-that-starts-outside-of-Slack',
    ],
  },
  {
    id: 'twilio-api-key',
    provider: 'Twilio',
    title: 'Twilio API key SID',
    severity: 'high',
    confidence: 'medium',
    keywords: ['twilio'],
    pattern: /(?:twilio|Twilio|TWILIO)[\s\S]{0,80}?\b(?<secret>SK[0-9a-fA-F]{32})\b/,
    minEntropy: 3,
    remediation:
      'Delete the API key in the Twilio Console (Account > API keys & tokens > the key > Delete), create a new ' +
      'one (a Restricted key where possible), and store the new one and its secret in a secret manager.',
    references: ['https://www.twilio.com/docs/iam/api-keys'],
  },
  {
    id: 'twilio-auth-token',
    provider: 'Twilio',
    title: 'Twilio account auth token',
    severity: 'critical',
    confidence: 'medium',
    keywords: ['twilio'],
    pattern: /(?:twilio|Twilio|TWILIO)[\s\S]{0,80}?\b(?<secret>[0-9a-f]{32})\b/,
    minEntropy: 3,
    requires: { pattern: /\bAC[0-9a-f]{32}\b/, lines: 5 },
    remediation:
      'Rotate the auth token in the Twilio Console (Account > API keys & tokens > Auth tokens > Request a ' +
      'secondary token, then Promote it, which retires the leaked one), check usage and billing for messages or ' +
      'calls you did not make, switch code to API keys, and store the new one in a secret manager.',
    references: ['https://www.twilio.com/docs/iam/api/authtoken'],
  },
  {
    id: 'sendgrid-api-key',
    provider: 'SendGrid',
    title: 'SendGrid API key',
    severity: 'high',
    keywords: ['SG.'],
    pattern: /\b(?<secret>SG\.[\w-]{22}\.[\w-]{43})(?![\w-])/,
    minEntropy: 4.5,
    remediation:
      'Delete the key in SendGrid (Settings > API Keys > the key > Delete), create a new one with Restricted ' +
      'Access to only the mail-send scope it needs, check Activity for mail you did not send, and store the new ' +
      'one in a secret manager.',
    references: ['https://www.twilio.com/docs/sendgrid/ui/account-and-settings/api-keys'],
  },
  {
    id: 'mailgun-api-key',
    provider: 'Mailgun',
    title: 'Mailgun API key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['mailgun'],
    pattern:
      /(?:mailgun|Mailgun|MAILGUN)[\s\S]{0,80}?\b(?<secret>key-[0-9a-f]{32}|[0-9a-f]{32}-[0-9a-f]{8}-[0-9a-f]{8})\b/,
    minEntropy: 3.2,
    remediation:
      'Delete the key in the Mailgun control panel (API Security, or Sending > Domain settings > Sending API ' +
      'keys for a domain key), create a new one, check the logs for mail you did not send, and store the new one ' +
      'in a secret manager.',
    references: [
      'https://documentation.mailgun.com/docs/mailgun/user-manual/api-key-mgmt/rbac-mgmt/',
    ],
  },
  {
    id: 'mailchimp-api-key',
    provider: 'Mailchimp',
    title: 'Mailchimp Marketing API key',
    severity: 'high',
    keywords: ['-us1', '-us2', '-us3', '-us4', '-us5', '-us6', '-us7', '-us8', '-us9'],
    pattern: /\b(?<secret>[0-9a-f]{32}-us\d{1,2})\b/,
    minEntropy: 3.2,
    remediation:
      'Disable and delete the key in Mailchimp (Profile > Extras > API keys), create a new one, review the ' +
      'audience and campaign activity, and store the new one in a secret manager.',
    references: [
      'https://mailchimp.com/developer/marketing/guides/quick-start/#generate-your-api-key',
    ],
  },
  {
    id: 'postmark-token',
    provider: 'Postmark',
    title: 'Postmark server or account API token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['postmark'],
    pattern: new RegExp(`(?:postmark|Postmark|POSTMARK)[\\s\\S]{0,80}?\\b(?<secret>${UUID})\\b`),
    minEntropy: 3.2,
    remediation:
      'Regenerate the token in Postmark (the server > API Tokens > Regenerate for a server token, or Account > ' +
      'API Tokens for an account token), check Activity for mail you did not send, and store the new one in a ' +
      'secret manager.',
    references: ['https://postmarkapp.com/developer/api/overview#authentication'],
  },
  {
    id: 'discord-bot-token',
    provider: 'Discord',
    title: 'Discord bot token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['discord'],
    pattern:
      /(?:discord|Discord|DISCORD)[\s\S]{0,80}?\b(?<secret>(?<id>[A-Za-z0-9_-]{23,28})\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38})(?![\w-])/,
    minEntropy: 4,
    validate: (_secret, match) =>
      /^\d{17,20}$/.test(decodeBase64Text(match.groups?.id ?? '') ?? ''),
    remediation:
      'Reset the token in the Discord Developer Portal (Applications > the app > Bot > Reset Token), update the ' +
      'bot, check the servers it is in for actions you did not make, and store the new one in a secret manager.',
    references: ['https://discord.com/developers/docs/topics/oauth2#bots'],
  },
  {
    id: 'discord-webhook-url',
    provider: 'Discord',
    title: 'Discord webhook URL',
    severity: 'medium',
    keywords: ['discord.com/api/webhooks/', 'discordapp.com/api/webhooks/'],
    pattern:
      /(?<secret>https:\/\/(?:(?:ptb|canary)\.)?discord(?:app)?\.com\/api\/webhooks\/\d{17,20}\/[\w-]{60,68})(?![\w-])/,
    minEntropy: 4,
    remediation:
      'Anyone with the URL can post to the channel. Delete the webhook (Server Settings > Integrations > ' +
      'Webhooks > the webhook > Delete Webhook, or `DELETE /webhooks/{id}/{token}`), create a new one, and store ' +
      'the new one in a secret manager.',
    references: ['https://discord.com/developers/docs/resources/webhook'],
  },
  {
    id: 'telegram-bot-token',
    provider: 'Telegram',
    title: 'Telegram bot token',
    severity: 'high',
    keywords: [':AA'],
    pattern: /(?:\b|(?<=\/bot))(?<secret>\d{8,10}:AA[\w-]{33})(?![\w-])/,
    minEntropy: 4,
    remediation:
      'Send `/revoke` to @BotFather and pick the bot to invalidate the token and get a new one, update the bot, ' +
      'and store the new one in a secret manager.',
    references: ['https://core.telegram.org/bots/features#botfather'],
  },
  {
    id: 'microsoft-teams-webhook-url',
    provider: 'Microsoft Teams',
    title: 'Microsoft Teams incoming webhook URL',
    severity: 'medium',
    keywords: ['webhook.office.com/webhookb2/', 'outlook.office.com/webhook/'],
    pattern: new RegExp(
      `(?<secret>https://(?:[a-z0-9-]{1,63}\\.webhook\\.office\\.com/webhookb2|outlook\\.office\\.com/webhook)/${UUID}@${UUID}/IncomingWebhook/[0-9a-f]{32}/${UUID})\\b`,
    ),
    remediation:
      'Anyone with the URL can post to the channel. Delete the Incoming Webhook connector (channel > Manage ' +
      'channel > Connectors > Configured > Incoming Webhook > Remove), move to a Workflows webhook, and store ' +
      'the new one in a secret manager.',
    references: [
      'https://learn.microsoft.com/microsoftteams/platform/webhooks-and-connectors/how-to/add-incoming-webhook',
    ],
  },
  {
    id: 'intercom-access-token',
    provider: 'Intercom',
    title: 'Intercom access token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['intercom'],
    pattern:
      /(?:intercom|Intercom|INTERCOM)[\s\S]{0,80}?\b(?<secret>dG9rO[A-Za-z0-9+/]{40,120}={0,2})(?![\w+/=])/,
    minEntropy: 4,
    validate: (secret) => decodeBase64Text(secret)?.startsWith('tok:') === true,
    remediation:
      'Regenerate the access token in the Intercom Developer Hub (Your apps > the app > Configure > ' +
      'Authentication), or uninstall the app to revoke its tokens, and store the new one in a secret manager.',
    references: [
      'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication',
    ],
  },
  {
    id: 'zendesk-api-token',
    provider: 'Zendesk',
    title: 'Zendesk API token',
    severity: 'high',
    confidence: 'medium',
    keywords: ['zendesk'],
    pattern: /(?:zendesk|Zendesk|ZENDESK)[\s\S]{0,80}?\b(?<secret>[A-Za-z0-9]{40})\b/,
    minEntropy: 4.1,
    remediation:
      'Delete the token in Zendesk Admin Center (Apps and integrations > APIs > API tokens > the token > ' +
      'Delete), create a new one, review the audit log, and store the new one in a secret manager.',
    references: [
      'https://support.zendesk.com/hc/en-us/articles/4408889192858-Managing-access-to-the-Zendesk-API',
    ],
  },
  {
    id: 'ably-api-key',
    provider: 'Ably',
    title: 'Ably API key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['ably'],
    pattern:
      /(?<![A-Za-z])(?:ably|Ably|ABLY)(?![a-z])[\s\S]{0,80}?\b(?<secret>[\w-]{6}\.[\w-]{6}:[\w-]{40,50})(?![\w-])/,
    minEntropy: 4,
    remediation:
      'Revoke the key in the Ably dashboard (the app > API Keys > the key > Revoke), create a new one with only ' +
      'the capabilities it needs, prefer token authentication for clients, and store the new one in a secret ' +
      'manager.',
    references: ['https://ably.com/docs/auth/basic'],
  },
];
