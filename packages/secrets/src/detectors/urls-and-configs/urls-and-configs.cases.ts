import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const pw = (seed: string) => fake('base62', 20, `cfg-${seed}`);
const b64 = (text: string) => Buffer.from(text).toString('base64');
// Scheme separators are joined at run time so this file holds no credential URL.
const url = (scheme: string, userinfo: string, rest: string) => `${scheme}://${userinfo}@${rest}`;
const envRef = (name: string) => ['$', '{', name, '}'].join('');

const basic = pw('basic');
const gitCred = fake('base62', 40, 'git-cred');
const npmAuth = b64(`ci-bot:${pw('npm-auth')}`);
const npmPassword = b64(pw('npm-password'));
const npmToken = fake('base64url', 36, 'npm-token').replace(/^[-_]/, 'Q');
const pypiToken = `pypi-${fake('base64url', 120, 'pypi')}`;
const dockerAuth = b64(`deploy:${pw('docker')}`);
const netrc = pw('netrc');
const apr1 = `$apr1$${fake('base62', 8, 'salt')}$${fake('base62', 22, 'apr1')}`;
const bcrypt = `$2y$10$${fake('base62', 53, 'bcrypt')}`;
const k8sValue = b64(pw('k8s'));

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'url-basic-auth',
    positive: [
      {
        name: 'a proxy URL',
        text: `HTTPS_PROXY=${url('http', `svc-proxy:${basic}`, 'proxy.corp.acme.io:3128')}`,
        secret: basic,
      },
      {
        name: 'a .git-credentials line',
        text: `${url('https', `x-access-token:${gitCred}`, 'git.acme.io')}\n`,
        secret: gitCred,
      },
      {
        name: 'an FTP URL',
        text: `upload_to("${url('ftp', `backup:${basic}`, 'files.acme.io/in')}")`,
        secret: basic,
      },
    ],
    negative: [
      { name: 'an SSH remote', text: 'git@github.com:acme/app.git' },
      { name: 'an empty password', text: url('https', 'user:', 'host.acme.io') },
      { name: 'a user without password', text: url('https', 'deploy', 'git.acme.io/app.git') },
      {
        name: 'the words user:password',
        text: `curl ${url('https', 'username:password', 'api.acme.io')}`,
      },
      { name: 'a localhost test server', text: url('http', `admin:${basic}`, 'localhost:8080') },
      { name: 'a documentation host', text: url('https', `bob:${basic}`, 'www.example.com') },
      {
        name: 'a template',
        text: url('https', `oauth2:${envRef('CI_JOB_TOKEN')}`, 'gitlab.acme.io/app.git'),
      },
      { name: 'a shell variable', text: url('https', '$GIT_USER:$GIT_TOKEN', 'git.acme.io') },
      {
        name: 'a one-letter example password',
        text: `href: '${url('https', 'a:b', 'xn--g6w251d/?abc#foo')}'`,
      },
      { name: 'anonymous FTP', text: url('ftp', 'anonymous:guest', 'ftp.gnu.org/gnu') },
    ],
  },
  {
    id: 'npmrc-auth',
    positive: [
      {
        name: 'a registry _auth',
        text: `//npm.acme.io/:_auth=${npmAuth}\nalways-auth=true\n`,
        secret: npmAuth,
      },
    ],
    negative: [
      { name: 'an env reference', text: `//npm.acme.io/:_auth=${envRef('NPM_AUTH')}` },
      { name: 'base64 without a colon', text: `_auth=${b64(pw('no-colon'))}` },
    ],
  },
  {
    id: 'npmrc-password',
    positive: [
      {
        name: 'a registry _password',
        text: `//npm.acme.io/:username=ci\n//npm.acme.io/:_password=${npmPassword}\n`,
        secret: npmPassword,
      },
    ],
    negative: [
      { name: 'an env reference', text: `//npm.acme.io/:_password=${envRef('NPM_PASSWORD')}` },
    ],
  },
  {
    id: 'npmrc-auth-token',
    positive: [
      {
        name: 'a private registry token',
        text: `//npm.acme.io/:_authToken=${npmToken}\n`,
        secret: npmToken,
      },
    ],
    negative: [
      { name: 'an env reference', text: `//registry.npmjs.org/:_authToken=${envRef('NPM_TOKEN')}` },
      { name: 'a low-entropy value', text: '//npm.acme.io/:_authToken=aaaaaaaabbbbbbbb' },
    ],
  },
  {
    id: 'pypirc-password',
    positive: [
      {
        name: 'a token in .pypirc',
        text: `[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = ${pypiToken}\n`,
        secret: pypiToken,
      },
    ],
    negative: [
      {
        name: 'a password line in an unrelated INI file',
        text: `[database]\nindex-servers = no\nuser = app\npassword = ${pw('ini')}\n`,
      },
      {
        name: 'an env reference',
        text: `[pypi]\nusername = __token__\npassword = ${envRef('PYPI_TOKEN')}\n`,
      },
    ],
  },
  {
    id: 'docker-config-auth',
    positive: [
      {
        name: 'a config.json entry',
        text: `{"auths": {"registry.acme.io": {"auth": "${dockerAuth}"}}}`,
        secret: dockerAuth,
      },
    ],
    negative: [
      {
        name: 'an auth field that is not user:password',
        text: `{"auth": "${b64(fake('base62', 30, 'nc'))}"}`,
      },
      {
        name: 'placeholder credentials',
        text: `{"auths": {"r": {"auth": "${b64('user:password')}"}}}`,
      },
    ],
  },
  {
    id: 'netrc-password',
    positive: [
      {
        name: 'a one-line entry',
        text: `machine api.acme.io login ci password ${netrc}\n`,
        secret: netrc,
      },
      {
        name: 'a multi-line entry',
        text: `machine git.acme.io\n  login deploy\n  password ${netrc}\n`,
        secret: netrc,
      },
    ],
    negative: [
      {
        name: 'prose about machines and passwords',
        text: 'Log in to the machine with your password, then run the job.',
      },
      { name: 'a placeholder', text: 'machine api.heroku.com login me password <token>' },
    ],
  },
  {
    id: 'htpasswd-hash',
    positive: [
      { name: 'an apr1 line', text: `admin:${apr1}\n`, secret: apr1 },
      { name: 'a bcrypt line', text: `ops:${bcrypt}\n`, secret: bcrypt },
    ],
    negative: [{ name: 'a bcrypt hash in code', text: `const hash = '${bcrypt}';` }],
  },
  {
    id: 'kubernetes-secret-data',
    positive: [
      {
        name: 'a Secret manifest',
        text: `apiVersion: v1\nkind: Secret\nmetadata:\n  name: app\ntype: Opaque\ndata:\n  DB_PASSWORD: ${k8sValue}\n`,
        secret: k8sValue,
      },
    ],
    negative: [
      {
        name: 'a ConfigMap',
        text: `apiVersion: v1\nkind: ConfigMap\ndata:\n  DB_PASSWORD: ${k8sValue}\n`,
      },
      {
        name: 'a Helm template',
        text: 'kind: Secret\ndata:\n  password: {{ .Values.password | b64enc }}\n',
      },
      {
        name: 'a base64 placeholder',
        text: `kind: Secret\ndata:\n  password: ${b64('changeme')}\n`,
      },
      { name: 'a username', text: `kind: Secret\ndata:\n  username: ${b64('app-user')}\n` },
    ],
  },
];
