import type { DetectorCases } from '../../test-support/detector-cases.js';
import { checksummedToken, fake } from '../../test-support/fake.js';

const npm = checksummedToken('npm_', 'npm-token');
const uuid = `${fake('hex', 8, 'n1')}-${fake('hex', 4, 'n2')}-${fake('hex', 4, 'n3')}-${fake('hex', 4, 'n4')}-${fake('hex', 12, 'n5')}`;
const basic = Buffer.from(`ci-bot:${fake('base62', 20, 'npm-basic')}`).toString('base64');
const notBasic = Buffer.from(fake('base62', 30, 'npm-not-basic')).toString('base64');
const pypi = `pypi-AgEIcHlwaS5vcmc${fake('base64url', 160, 'pypi')}`;
const testpypi = `pypi-AgENdGVzdC5weXBpLm9yZw${fake('base64url', 160, 'testpypi')}`;
const nuget = `oy2${fake('abcdefghijklmnopqrstuvwxyz234567', 43, 'nuget')}`;
const rubygems = `rubygems_${fake('hex', 48, 'rubygems')}`;
const dockerPat = `dckr_pat_${fake('base64url', 27, 'docker-pat')}`;
const dockerOat = `dckr_oat_${fake('base64url', 32, 'docker-oat')}`;
const akcp = `AKCp${fake('base62', 69, 'akcp')}`;
const reference = `cmVmdGtuOjAxOj${fake('base62', 50, 'reftkn')}`;
const crates = `cio${fake('base62', 32, 'crates')}`;
const clojars = `CLOJARS_${fake('hex', 60, 'clojars')}`;

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'npm-access-token',
    positive: [
      { name: 'a token in .npmrc', text: `//registry.npmjs.org/:_authToken=${npm}\n`, secret: npm },
      { name: 'a token in a workflow env', text: `env:\n  NODE_AUTH_TOKEN: ${npm}\n`, secret: npm },
    ],
    negative: [
      {
        name: 'a token whose checksum is wrong',
        text: `NPM_TOKEN=npm_${fake('base62', 36, 'npm-bad')}`,
      },
      { name: 'a prefix alone', text: 'npm tokens start with npm_ and 36 characters' },
    ],
  },
  {
    id: 'npm-legacy-auth-token',
    positive: [
      {
        name: 'a legacy token in .npmrc',
        text: `//registry.npmjs.org/:_authToken=${uuid}\n`,
        secret: uuid,
      },
    ],
    negative: [
      { name: 'an environment reference', text: '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n' },
      { name: 'a UUID that is not an auth token', text: `request-id=${uuid}\n` },
    ],
  },
  {
    id: 'npmrc-basic-auth',
    positive: [
      {
        name: 'an _auth line',
        text: `registry=https://repo.acme.io/npm/\n_auth=${basic}\nalways-auth=true\n`,
        secret: basic,
      },
    ],
    negative: [
      { name: 'base64 that is not user:password', text: `_auth=${notBasic}\n` },
      { name: 'an environment reference', text: '_auth=${NPM_AUTH}\n' },
    ],
  },
  {
    id: 'pypi-upload-token',
    positive: [
      {
        name: 'a token in .pypirc',
        text: `[pypi]\nusername = __token__\npassword = ${pypi}\n`,
        secret: pypi,
      },
      { name: 'a twine flag', text: `twine upload -u __token__ -p ${pypi} dist/*`, secret: pypi },
    ],
    negative: [
      {
        name: 'a truncated token',
        text: `password = pypi-AgEIcHlwaS5vcmc${fake('base64url', 30, 'pypi')}`,
      },
    ],
  },
  {
    id: 'testpypi-upload-token',
    positive: [
      {
        name: 'a token in .pypirc',
        text: `[testpypi]\npassword = ${testpypi}\n`,
        secret: testpypi,
      },
    ],
    negative: [
      {
        name: 'a truncated token',
        text: `password = pypi-AgENdGVzdC5weXBpLm9yZw${fake('base64url', 30, 't')}`,
      },
    ],
  },
  {
    id: 'nuget-api-key',
    positive: [
      {
        name: 'a push command',
        text: `dotnet nuget push pkg.nupkg --api-key ${nuget} --source https://api.nuget.org/v3/index.json`,
        secret: nuget,
      },
    ],
    negative: [
      { name: 'a key one character short', text: `--api-key ${nuget.slice(0, -1)}` },
      { name: 'a low-entropy value', text: `--api-key oy2${'ab'.repeat(21)}a` },
    ],
  },
  {
    id: 'rubygems-api-key',
    positive: [
      {
        name: 'a credentials file',
        text: `---\n:rubygems_api_key: ${rubygems}\n`,
        secret: rubygems,
      },
    ],
    negative: [
      { name: 'a key one character short', text: `:rubygems_api_key: ${rubygems.slice(0, -1)}` },
    ],
  },
  {
    id: 'docker-hub-pat',
    positive: [
      {
        name: 'a docker login',
        text: `echo ${dockerPat} | docker login -u acme --password-stdin`,
        secret: dockerPat,
      },
    ],
    negative: [
      { name: 'a token one character short', text: `docker login -p ${dockerPat.slice(0, -1)}` },
    ],
  },
  {
    id: 'docker-hub-oat',
    positive: [
      { name: 'a token in .env', text: `DOCKERHUB_TOKEN=${dockerOat}`, secret: dockerOat },
    ],
    negative: [
      { name: 'a truncated token', text: `DOCKERHUB_TOKEN=dckr_oat_${fake('base64url', 12, 'o')}` },
    ],
  },
  {
    id: 'artifactory-api-key',
    positive: [
      {
        name: 'a header in curl',
        text: `curl -H "X-JFrog-Art-Api: ${akcp}" https://acme.jfrog.io/artifactory/api/system/ping`,
        secret: akcp,
      },
    ],
    negative: [
      { name: 'a key one character short', text: `X-JFrog-Art-Api: ${akcp.slice(0, -1)}` },
    ],
  },
  {
    id: 'artifactory-reference-token',
    positive: [
      { name: 'a bearer header', text: `Authorization: Bearer ${reference}`, secret: reference },
    ],
    negative: [
      { name: 'a token one character short', text: `Bearer ${reference.slice(0, -1)}` },
      {
        name: 'a token that does not decode to reftkn:',
        text: `Bearer cmVmdGtuXjAxOj${fake('base62', 50, 'reftkn')}`,
      },
    ],
  },
  {
    id: 'crates-io-token',
    positive: [
      {
        name: 'a cargo credentials file',
        text: `[registry]\ntoken = "${crates}"\n`,
        secret: crates,
      },
    ],
    negative: [
      { name: 'a low-entropy value', text: `token = "cio${'ab'.repeat(16)}"` },
      {
        name: 'a word that starts with cio',
        text: `token = "ciocolataciocolataciocolataciocolat"`,
      },
    ],
  },
  {
    id: 'clojars-deploy-token',
    positive: [
      { name: 'a Leiningen env', text: `export CLOJARS_PASSWORD=${clojars}`, secret: clojars },
    ],
    negative: [
      { name: 'a token one character short', text: `CLOJARS_PASSWORD=${clojars.slice(0, -1)}` },
    ],
  },
];
