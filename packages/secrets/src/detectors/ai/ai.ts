import type { Detector } from '../../detector.js';

/** Remediation for a key revoked from a provider's console page. */
function revokeAt(where: string, extra = ''): string {
  return (
    `Revoke (delete) the key at ${where}, then create a new one with the narrowest scope and budget limits the provider offers. ` +
    'Check the usage and billing pages for calls you did not make (leaked AI keys are abused within minutes for paid inference)' +
    `${extra ? `; ${extra}` : ''}, and store the new one in a secret manager.`
  );
}

/** Base64 of `OpenAI`: every OpenAI key issued since 2021 carries it in the middle. */
const OPENAI_MARKER = 'T3BlbkFJ';

function hasOpenAiMarker(secret: string): boolean {
  return secret.includes(OPENAI_MARKER);
}

/** AI and ML providers: OpenAI, Anthropic, Hugging Face, Cohere, Replicate, Groq and the rest. */
export const aiDetectors: readonly Detector[] = [
  {
    id: 'openai-project-key',
    provider: 'OpenAI',
    title: 'OpenAI project API key',
    severity: 'critical',
    keywords: ['sk-proj-'],
    pattern: /\b(?<secret>sk-proj-[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200})(?![\w-])/,
    minEntropy: 4.5,
    validate: hasOpenAiMarker,
    remediation: revokeAt(
      'https://platform.openai.com/api-keys (or the project → API keys page)',
      'set per-project spend limits and restrict the key to the endpoints it needs',
    ),
    references: ['https://help.openai.com/en/articles/9047852-how-can-i-rotate-my-api-keys'],
  },
  {
    id: 'openai-service-account-key',
    provider: 'OpenAI',
    title: 'OpenAI service account key',
    severity: 'critical',
    keywords: ['sk-svcacct-'],
    pattern: /\b(?<secret>sk-svcacct-[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200})(?![\w-])/,
    minEntropy: 4.5,
    validate: hasOpenAiMarker,
    remediation: revokeAt(
      'https://platform.openai.com → the project → Settings → Service accounts (delete the account or its key)',
    ),
    references: ['https://platform.openai.com/docs/api-reference/project-service-accounts'],
  },
  {
    id: 'openai-admin-key',
    provider: 'OpenAI',
    title: 'OpenAI organization admin key',
    severity: 'critical',
    keywords: ['sk-admin-'],
    pattern: /\b(?<secret>sk-admin-[A-Za-z0-9_-]{20,200}T3BlbkFJ[A-Za-z0-9_-]{20,200})(?![\w-])/,
    minEntropy: 4.5,
    validate: hasOpenAiMarker,
    remediation: revokeAt(
      'https://platform.openai.com/settings/organization/admin-keys',
      'an admin key manages users, projects and keys of the whole organization, so review the audit log for new members and keys',
    ),
    references: ['https://platform.openai.com/docs/api-reference/admin-api-keys'],
  },
  {
    id: 'openai-legacy-key',
    provider: 'OpenAI',
    title: 'OpenAI user API key (legacy format)',
    severity: 'critical',
    keywords: [OPENAI_MARKER],
    pattern: /\b(?<secret>sk-[A-Za-z0-9]{20}T3BlbkFJ[A-Za-z0-9]{20})\b/,
    minEntropy: 4,
    remediation: revokeAt('https://platform.openai.com/api-keys'),
    references: ['https://help.openai.com/en/articles/9047852-how-can-i-rotate-my-api-keys'],
  },
  {
    id: 'anthropic-api-key',
    provider: 'Anthropic',
    title: 'Anthropic API key',
    severity: 'critical',
    keywords: ['sk-ant-api03-'],
    pattern: /\b(?<secret>sk-ant-api03-[A-Za-z0-9_-]{93}AA)(?![\w-])/,
    minEntropy: 4.5,
    remediation: revokeAt(
      'https://console.anthropic.com/settings/keys',
      'set workspace spend limits',
    ),
    references: ['https://docs.anthropic.com/en/api/getting-started'],
  },
  {
    id: 'anthropic-admin-key',
    provider: 'Anthropic',
    title: 'Anthropic Admin API key',
    severity: 'critical',
    keywords: ['sk-ant-admin01-'],
    pattern: /\b(?<secret>sk-ant-admin01-[A-Za-z0-9_-]{93}AA)(?![\w-])/,
    minEntropy: 4.5,
    remediation: revokeAt(
      'https://console.anthropic.com/settings/admin-keys',
      'an admin key can create API keys and invite members, so review the organization for keys and members you did not add',
    ),
    references: ['https://docs.anthropic.com/en/api/administration-api'],
  },
  {
    id: 'huggingface-token',
    provider: 'Hugging Face',
    title: 'Hugging Face user access token',
    severity: 'high',
    keywords: ['hf_'],
    pattern: /\b(?<secret>hf_[A-Za-z]{34})\b/,
    minEntropy: 4,
    remediation: revokeAt(
      'https://huggingface.co/settings/tokens (Invalidate and refresh, or delete)',
      'prefer fine-grained tokens limited to the repositories they need',
    ),
    references: ['https://huggingface.co/docs/hub/security-tokens'],
  },
  {
    id: 'huggingface-org-token',
    provider: 'Hugging Face',
    title: 'Hugging Face organization API token (legacy)',
    severity: 'high',
    keywords: ['api_org_'],
    pattern: /\b(?<secret>api_org_[A-Za-z]{34})\b/,
    minEntropy: 4,
    remediation: revokeAt(
      "the organization's settings on https://huggingface.co (API token section)",
      'organization tokens are deprecated: replace it with a fine-grained user token scoped to the organization',
    ),
    references: ['https://huggingface.co/docs/hub/security-tokens'],
  },
  {
    id: 'cohere-api-key',
    provider: 'Cohere',
    title: 'Cohere API key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['cohere', 'co_api_key'],
    // No prefix: 40 alphanumerics next to the word Cohere (a variable name, a client constructor).
    pattern:
      /(?:cohere|\bco_api_key)[\w.-]{0,40}?[\s"'(:=>,]{1,12}(?:api_key\s{0,3}=\s{0,3})?["']?(?<secret>[A-Za-z0-9]{40})(?![A-Za-z0-9])/i,
    minEntropy: 4,
    remediation: revokeAt('https://dashboard.cohere.com/api-keys'),
    references: ['https://docs.cohere.com/docs/rate-limits'],
  },
  {
    id: 'replicate-api-token',
    provider: 'Replicate',
    title: 'Replicate API token',
    severity: 'high',
    keywords: ['r8_'],
    pattern: /\b(?<secret>r8_[A-Za-z0-9]{37})\b/,
    minEntropy: 4,
    remediation: revokeAt('https://replicate.com/account/api-tokens'),
    references: ['https://replicate.com/docs/topics/security/api-tokens'],
  },
  {
    id: 'groq-api-key',
    provider: 'Groq',
    title: 'Groq API key',
    severity: 'high',
    keywords: ['gsk_'],
    pattern: /\b(?<secret>gsk_[A-Za-z0-9]{52})\b/,
    minEntropy: 4.3,
    remediation: revokeAt('https://console.groq.com/keys'),
    references: ['https://console.groq.com/docs/quickstart'],
  },
  {
    id: 'perplexity-api-key',
    provider: 'Perplexity',
    title: 'Perplexity API key',
    severity: 'high',
    keywords: ['pplx-'],
    pattern: /\b(?<secret>pplx-[A-Za-z0-9]{48})\b/,
    minEntropy: 4.3,
    remediation: revokeAt('https://www.perplexity.ai/settings/api (API keys)'),
    references: ['https://docs.perplexity.ai/guides/getting-started'],
  },
  {
    id: 'mistral-api-key',
    provider: 'Mistral AI',
    title: 'Mistral AI API key',
    severity: 'high',
    confidence: 'medium',
    keywords: ['mistral'],
    // No prefix: 32 alphanumerics assigned to something named Mistral.
    pattern:
      /mistral[\w.-]{0,40}?[\s"'(:=>,]{1,12}(?:api_key\s{0,3}=\s{0,3})?["']?(?<secret>[A-Za-z0-9]{32})(?![A-Za-z0-9])/i,
    minEntropy: 4,
    remediation: revokeAt('https://console.mistral.ai/api-keys'),
    references: ['https://docs.mistral.ai/getting-started/quickstart/'],
  },
  {
    id: 'xai-api-key',
    provider: 'xAI',
    title: 'xAI (Grok) API key',
    severity: 'high',
    keywords: ['xai-'],
    pattern: /\b(?<secret>xai-[A-Za-z0-9]{80})\b/,
    minEntropy: 4.5,
    remediation: revokeAt('https://console.x.ai (the team → API Keys)'),
    references: ['https://docs.x.ai/docs/overview'],
  },
  {
    id: 'openrouter-api-key',
    provider: 'OpenRouter',
    title: 'OpenRouter API key',
    severity: 'high',
    keywords: ['sk-or-v1-'],
    pattern: /\b(?<secret>sk-or-v1-[a-f0-9]{64})\b/,
    minEntropy: 3.5,
    remediation: revokeAt('https://openrouter.ai/settings/keys', 'give the new key a credit limit'),
    references: ['https://openrouter.ai/docs/api-reference/authentication'],
  },
  {
    id: 'langsmith-api-key',
    provider: 'LangChain',
    title: 'LangSmith personal access token or service key',
    severity: 'high',
    keywords: ['lsv2_pt_', 'lsv2_sk_'],
    pattern: /\b(?<secret>lsv2_(?:pt|sk)_[a-f0-9]{32}_[a-f0-9]{10})\b/,
    minEntropy: 3.5,
    remediation: revokeAt(
      'https://smith.langchain.com → Settings → API Keys',
      'traces can hold prompts and user data, so review who read them',
    ),
    references: [
      'https://docs.smith.langchain.com/administration/how_to_guides/organization_management/create_account_api_key',
    ],
  },
  {
    id: 'pinecone-api-key',
    provider: 'Pinecone',
    title: 'Pinecone API key',
    severity: 'high',
    keywords: ['pcsk_'],
    pattern: /\b(?<secret>pcsk_[A-Za-z0-9]{5,6}_[A-Za-z0-9]{63})\b/,
    minEntropy: 4.3,
    remediation: revokeAt(
      'https://app.pinecone.io → the project → API keys',
      'a Pinecone key can read and delete every index of its project',
    ),
    references: ['https://docs.pinecone.io/guides/projects/manage-api-keys'],
  },
  {
    id: 'together-api-key',
    provider: 'Together AI',
    title: 'Together AI API key',
    severity: 'high',
    keywords: ['tgp_v1_'],
    pattern: /\b(?<secret>tgp_v1_[A-Za-z0-9_-]{43})(?![\w-])/,
    minEntropy: 4.3,
    remediation: revokeAt('https://api.together.ai/settings/api-keys'),
    references: ['https://docs.together.ai/reference/authentication-1'],
  },
];
