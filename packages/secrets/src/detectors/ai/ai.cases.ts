import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

// The marker every OpenAI key carries (base64 of the provider's name), split so this file has none.
const MARK = ['T3Bl', 'bkFJ'].join('');
const b64url = (n: number, seed: string) => fake('base64url', n, seed).replace(/^[-_]/, 'Q');
const openai = (prefix: string, seed: string) =>
  `${prefix}${b64url(74, `${seed}-1`)}${MARK}${b64url(74, `${seed}-2`)}`;

const project = openai('sk-proj-', 'oa-proj');
const svcacct = openai('sk-svcacct-', 'oa-svc');
const admin = openai('sk-admin-', 'oa-admin');
const legacy = `sk-${fake('base62', 20, 'oa-legacy-1')}${MARK}${fake('base62', 20, 'oa-legacy-2')}`;
const anthropic = `sk-ant-api03-${fake('base62', 93, 'ant')}AA`;
const anthropicAdmin = `sk-ant-admin01-${fake('base62', 93, 'ant-admin')}AA`;
const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const hf = `hf_${fake(letters, 34, 'hf')}`;
const hfOrg = `api_org_${fake(letters, 34, 'hf-org')}`;
const cohere = fake('base62', 40, 'cohere');
const replicate = `r8_${fake('base62', 37, 'replicate')}`;
const groq = `gsk_${fake('base62', 52, 'groq')}`;
const pplx = `pplx-${fake('base62', 48, 'pplx')}`;
const mistral = fake('base62', 32, 'mistral');
const xai = `xai-${fake('base62', 80, 'xai')}`;
const openrouter = `sk-or-v1-${fake('hex', 64, 'openrouter')}`;
const langsmith = `lsv2_pt_${fake('hex', 32, 'ls-1')}_${fake('hex', 10, 'ls-2')}`;
const pinecone = `pcsk_${fake('base62', 5, 'pc-1')}_${fake('base62', 63, 'pc-2')}`;
const together = `tgp_v1_${b64url(43, 'together')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'openai-project-key',
    positive: [
      { name: 'a key in .env', text: `OPENAI_API_KEY=${project}\n`, secret: project },
      {
        name: 'a key passed to the client',
        text: `client = OpenAI(api_key="${project}")`,
        secret: project,
      },
    ],
    negative: [
      {
        name: 'a key without the OpenAI marker',
        text: `OPENAI_API_KEY=sk-proj-${b64url(160, 'no-marker')}`,
      },
      { name: 'a documentation ellipsis', text: 'export OPENAI_API_KEY="sk-proj-..."' },
    ],
  },
  {
    id: 'openai-service-account-key',
    positive: [{ name: 'a key in YAML', text: `openai_key: ${svcacct}`, secret: svcacct }],
    negative: [{ name: 'a truncated key', text: `openai_key: ${svcacct.slice(0, 40)}` }],
  },
  {
    id: 'openai-admin-key',
    positive: [
      { name: 'a key in a header', text: `Authorization: Bearer ${admin}`, secret: admin },
    ],
    negative: [
      {
        name: 'a low-entropy key',
        text: `Authorization: Bearer sk-admin-${'ab'.repeat(40)}${MARK}${'ab'.repeat(40)}`,
      },
    ],
  },
  {
    id: 'openai-legacy-key',
    positive: [{ name: 'a key in Python', text: `openai.api_key = '${legacy}'`, secret: legacy }],
    negative: [
      {
        name: 'a key of the wrong length',
        text: `openai.api_key = 'sk-${fake('base62', 18, 'l')}${MARK}${fake('base62', 20, 'm')}'`,
      },
    ],
  },
  {
    id: 'anthropic-api-key',
    positive: [
      { name: 'a key in .env', text: `ANTHROPIC_API_KEY=${anthropic}`, secret: anthropic },
      { name: 'a key in JSON', text: `{"apiKey":"${anthropic}"}`, secret: anthropic },
    ],
    negative: [
      {
        name: 'a key without the AA suffix',
        text: `ANTHROPIC_API_KEY=sk-ant-api03-${fake('base62', 95, 'ant-x')}`,
      },
      { name: 'a documentation stub', text: 'ANTHROPIC_API_KEY=sk-ant-api03-...' },
    ],
  },
  {
    id: 'anthropic-admin-key',
    positive: [
      {
        name: 'a key in a shell export',
        text: `export ANTHROPIC_ADMIN_KEY="${anthropicAdmin}"`,
        secret: anthropicAdmin,
      },
    ],
    negative: [{ name: 'a test stub', text: 'adminKey: "sk-ant-admin01-test-key"' }],
  },
  {
    id: 'huggingface-token',
    positive: [{ name: 'a token in a notebook', text: `login(token="${hf}")`, secret: hf }],
    negative: [
      {
        name: 'a token with digits (not the format)',
        text: `HF_TOKEN=hf_${fake('base62', 34, 'hf-d')}0`,
      },
      {
        name: 'an identifier that starts with hf_',
        text: 'const hf_download_progress_callback_fn = 1;',
      },
    ],
  },
  {
    id: 'huggingface-org-token',
    positive: [{ name: 'a token in .env', text: `HF_ORG_TOKEN=${hfOrg}`, secret: hfOrg }],
    negative: [{ name: 'a short token', text: `HF_ORG_TOKEN=api_org_${fake(letters, 20, 'o')}` }],
  },
  {
    id: 'cohere-api-key',
    positive: [
      { name: 'a key in .env', text: `COHERE_API_KEY=${cohere}`, secret: cohere },
      {
        name: 'a key passed to the client',
        text: `co = cohere.ClientV2(api_key="${cohere}")`,
        secret: cohere,
      },
    ],
    negative: [
      { name: '40 characters with no Cohere context', text: `API_KEY=${cohere}` },
      { name: 'a git SHA next to the word cohere', text: `cohere: ${fake('hex', 40, 'sha')}` },
    ],
  },
  {
    id: 'replicate-api-token',
    positive: [
      { name: 'a token in .env', text: `REPLICATE_API_TOKEN=${replicate}`, secret: replicate },
    ],
    negative: [{ name: 'a low-entropy token', text: `REPLICATE_API_TOKEN=r8_${'a1'.repeat(18)}a` }],
  },
  {
    id: 'groq-api-key',
    positive: [{ name: 'a key in TOML', text: `groq_api_key = "${groq}"`, secret: groq }],
    negative: [
      { name: 'a key one character short', text: `groq_api_key = "${groq.slice(0, -1)}"` },
    ],
  },
  {
    id: 'perplexity-api-key',
    positive: [
      { name: 'a key in a header', text: `-H "Authorization: Bearer ${pplx}"`, secret: pplx },
    ],
    negative: [{ name: 'a prefix alone', text: 'Perplexity keys look like pplx-<48 characters>' }],
  },
  {
    id: 'mistral-api-key',
    positive: [
      { name: 'a key in .env', text: `MISTRAL_API_KEY=${mistral}`, secret: mistral },
      {
        name: 'a key passed to the client',
        text: `client = Mistral(api_key="${mistral}")`,
        secret: mistral,
      },
    ],
    negative: [
      {
        name: 'an MD5 next to the word mistral',
        text: `mistral-7b.gguf: ${fake('hex', 32, 'md5')}`,
      },
      { name: '32 characters with no Mistral context', text: `API_KEY=${mistral}` },
    ],
  },
  {
    id: 'xai-api-key',
    positive: [{ name: 'a key in .env', text: `XAI_API_KEY=${xai}`, secret: xai }],
    negative: [{ name: 'a doc stub', text: 'export XAI_API_KEY="xai-..."' }],
  },
  {
    id: 'openrouter-api-key',
    positive: [
      { name: 'a key in JSON', text: `{"openrouter": "${openrouter}"}`, secret: openrouter },
    ],
    negative: [
      { name: 'a key with non-hex characters', text: `sk-or-v1-${fake('base62', 64, 'or-x')}` },
    ],
  },
  {
    id: 'langsmith-api-key',
    positive: [
      { name: 'a key in .env', text: `LANGSMITH_API_KEY=${langsmith}`, secret: langsmith },
    ],
    negative: [
      {
        name: 'a key missing its suffix',
        text: `LANGSMITH_API_KEY=lsv2_pt_${fake('hex', 32, 'ls-3')}`,
      },
    ],
  },
  {
    id: 'pinecone-api-key',
    positive: [
      { name: 'a key in Python', text: `pc = Pinecone(api_key="${pinecone}")`, secret: pinecone },
    ],
    negative: [
      { name: 'a redaction pattern', text: "re.sub(r'pcsk_[A-Za-z0-9_-]{20,}', '***', s)" },
    ],
  },
  {
    id: 'together-api-key',
    positive: [{ name: 'a key in .env', text: `TOGETHER_API_KEY=${together}`, secret: together }],
    negative: [{ name: 'a short key', text: `TOGETHER_API_KEY=tgp_v1_${fake('base62', 20, 't')}` }],
  },
];
