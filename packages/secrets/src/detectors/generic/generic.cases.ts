import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const SYMBOLS = 'abcdefghijklmnopqrstuvwxyz0123456789!@#$%^&*(-_=+)';
const pw = fake('base62', 16, 'gen-pw');
const apiKey = fake('base62', 32, 'gen-key');
const clientSecret = fake('base64url', 40, 'gen-client').replace(/^[-_]/, 'Q');
const django = `django-insecure-${fake(SYMBOLS, 50, 'gen-django')}`;
const hexKey = fake('hex', 64, 'gen-hex');

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'generic-secret-assignment',
    positive: [
      { name: 'a password in .env', text: `DB_HOST=db\nDB_PASSWORD=${pw}\n`, secret: pw },
      { name: 'a Django SECRET_KEY', text: `SECRET_KEY = '${django}'\n`, secret: django },
      {
        name: 'an apiKey in a JS object',
        text: `const config = { apiKey: "${apiKey}", region: "eu" };`,
        secret: apiKey,
      },
      {
        name: 'an unquoted YAML client_secret',
        text: `oauth:\n  client_id: web\n  client_secret: ${clientSecret}\n`,
        secret: clientSecret,
      },
      { name: 'a password in JSON', text: `{"user": "svc", "password": "${pw}"}`, secret: pw },
      { name: 'an XML attribute', text: `<connection user="svc" password="${pw}" />`, secret: pw },
      {
        name: 'an XML element',
        text: `<settings><password>${pw}</password></settings>`,
        secret: pw,
      },
      { name: 'a Java properties file', text: `spring.datasource.password=${pw}\n`, secret: pw },
      { name: 'a Go short declaration', text: `apiKey := "${apiKey}"`, secret: apiKey },
      { name: 'a PHP variable', text: `$password = '${pw}';`, secret: pw },
      {
        name: 'a kebab-case header in YAML',
        text: `headers:\n  x-api-key: "${apiKey}"\n`,
        secret: apiKey,
      },
      {
        name: 'a token in a query string',
        text: `GET /hook?token=${apiKey}&id=7 HTTP/1.1`,
        secret: apiKey,
      },
      {
        name: 'a hex encryption key in Ruby',
        text: `config.encryption_key = "${hexKey}"`,
        secret: hexKey,
      },
    ],
    negative: [
      {
        name: 'a TypeScript interface',
        text: 'interface LoginForm {\n  username: string;\n  password: string;\n  apiToken?: string;\n  secret: SecretString;\n}',
      },
      {
        name: 'Django settings reading the environment',
        text: 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\nDATABASES = {"default": {"PASSWORD": os.environ.get("DB_PASSWORD", "")}}',
      },
      {
        name: 'a login form',
        text: '<label for="password">Password</label>\n<input type="password" name="password" autocomplete="current-password" placeholder="Enter your password">',
      },
      {
        name: 'a Spring application.yml with a property placeholder',
        text: 'spring:\n  datasource:\n    username: app\n    password: ${DB_PASSWORD}\n',
      },
      {
        name: 'docker-compose with a default',
        text: 'environment:\n  POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-postgres}\n  REDIS_PASSWORD: "${REDIS_PASSWORD}"\n',
      },
      {
        name: 'process.env',
        text: 'const apiKey = process.env.OPENAI_API_KEY;\nconst token = process.env["GH_TOKEN"] ?? "";',
      },
      {
        name: 'function calls',
        text: 'const token = await getAccessToken(clientId);\nconst secret = getSecret(\'db\');\npassword = getpass.getpass()\ntoken := r.Header.Get("Authorization")',
      },
      {
        name: 'i18n strings',
        text: '{ "password": "Password", "forgotPassword": "Forgot your password?", "auth.token.expired": "Session expired" }',
      },
      {
        name: 'SQL',
        text: 'CREATE TABLE users (id serial, password_hash varchar(255), api_token text);\nUPDATE users SET password = :password WHERE id = :id;',
      },
      {
        name: 'minified code',
        text: 'function(e,t){return e.token=t.token,e.secret=t.secret,e.password=t.password,e.apiKey=n.apiKey,e}',
      },
      {
        name: 'a lockfile entry',
        text: '"node_modules/jsonwebtoken": {\n  "version": "9.0.2",\n  "resolved": "https://registry.npmjs.org/jsonwebtoken/-/jsonwebtoken-9.0.2.tgz",\n  "integrity": "sha512-PRp66vJ865SSqOlgqS8hujT5U4AOgMfhrwYIuIhfKaoSCZcirrmASQr8CX7cUg+RMih+hgznrjp99o+W4pJLHQ=="\n}',
      },
      {
        name: 'templates',
        text: 'password: {{ .Values.db.password | quote }}\ntoken: ${{ secrets.GITHUB_TOKEN }}\nPASSWORD: "{{ db_password }}"',
      },
      {
        name: 'angle-bracket placeholders',
        text: 'API_KEY=<your-api-key>\nclient_secret: <client-secret>',
      },
      {
        name: 'Python type annotations',
        text: 'def login(username: str, password: str) -> Token:\n    ...\nclass Settings(BaseSettings):\n    api_key: SecretStr\n    db_password: Optional[str] = None',
      },
      {
        name: 'file paths',
        text: 'private_key: /etc/ssl/private/server.key\nSECRET_FILE_TOKEN=./secrets/db.txt\nssh_private_key: ~/.ssh/id_ed25519\nsigning_key: keys/release/signing.pem',
      },
      {
        name: 'booleans, numbers and null',
        text: 'api_token = None\nsecret: undefined\nmax_tokens: 4096\n"maxTokens": 1000\nrequire_password: true\nPASSWORD_MIN_LENGTH = 12',
      },
      {
        name: 'values equal to the key name',
        text: 'PASSWORD = "PASSWORD"\nconst TOKEN = \'token\';\nsecret_key: secret_key',
      },
      {
        name: 'pagination and CSRF tokens',
        text: '{"nextPageToken": "CAoQAAq3Abc9", "csrf_token": "a8f5f167f44f4964e6c998dee827110c"}',
      },
      {
        name: 'Java constants that name a header or a parameter',
        text: 'public static final String TOKEN = "X-Auth-Token";\nprivate static final String PASSWORD_PARAM = "password";',
      },
      {
        name: 'a Kubernetes env entry pointing at a Secret',
        text: 'env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password',
      },
      {
        name: 'PHP request input',
        text: "$password = $_POST['password'];\n$token = $request->input('token');",
      },
      {
        name: 'member access in Python',
        text: 'password = form.cleaned_data.password\napi_key = settings.OPENAI_API_KEY',
      },
      {
        name: 'a Maven filtered property',
        text: 'db.password=@db.password@\nkeystore.password=changeit',
      },
      {
        name: 'lexer state names in a bundled parser',
        text: 'lastSignificantToken = "?InterpolationInTemplate";\nnextLastSignificantToken = "?NonExpressionParenEnd";',
      },
      {
        name: 'an RFC 6749 example token in a docstring',
        text: '"access_token":"2YotnFZFEjr1zCsicMWpAA",',
      },
      {
        name: 'a URL (its own detectors)',
        text: 'token_endpoint: https://auth.acme.io/oauth/token\nsecret: https://vault.acme.io/v1/kv/app',
      },
    ],
  },
];
