import type { DetectorCases } from '../../test-support/detector-cases.js';
import { fake } from '../../test-support/fake.js';

const pw = (seed: string) => fake('base62', 20, `db-${seed}`);
const pg = pw('pg');
const my = pw('mysql');
const mongo = pw('mongo');
const redis = pw('redis');
const amqp = pw('amqp');
const mssql = pw('mssql');
const local = pw('local');
const jdbc = pw('jdbc');
const oracle = pw('oracle');
const ado = pw('ado');
const odbc = pw('odbc');
// Build scheme separators at run time so this file holds no connection string.
const url = (scheme: string, userinfo: string, rest: string) => `${scheme}://${userinfo}@${rest}`;
/** `${NAME}`, built so this file holds no reference that looks like a value. */
const envRef = (name: string) => ['$', '{', name, '}'].join('');

/** Positive and negative cases of every detector in this family (test and recall data). */
export const CASES: readonly DetectorCases[] = [
  {
    id: 'postgres-uri-password',
    positive: [
      {
        name: 'a DATABASE_URL in .env',
        text: `DATABASE_URL=${url('postgres', `app:${pg}`, 'db.internal.acme.io:5432/app')}\n`,
        secret: pg,
      },
      {
        name: 'a SQLAlchemy URL with a driver',
        text: `engine = create_engine("${url('postgresql+psycopg2', `app:${pg}`, 'prod-db:5432/app')}")`,
        secret: pg,
      },
    ],
    negative: [
      {
        name: 'a URL without a password',
        text: `DATABASE_URL=${url('postgres', 'app', 'db:5432/app')}`,
      },
      {
        name: 'an env reference',
        text: `DATABASE_URL=${url('postgresql', `app:${envRef('DB_PASSWORD')}`, 'db:5432/app')}`,
      },
      { name: 'the word password', text: `${url('postgresql', 'user:password', 'host:5432/db')}` },
      { name: 'a Python format string', text: `"${url('postgresql', '%s:%s', '%s/%s')}" % args` },
      { name: 'an f-string', text: `f"${url('postgresql', '{user}:{password}', '{host}/{db}')}"` },
      { name: 'a documentation host', text: url('postgres', `app:${pg}`, 'db.example.com/app') },
      {
        name: 'a localhost URL (its own detector)',
        text: url('postgres', `app:${pg}`, 'localhost:5432/app'),
      },
    ],
  },
  {
    id: 'mysql-uri-password',
    positive: [
      {
        name: 'a MySQL URL',
        text: `DB=${url('mysql', `root:${my}`, '10.0.3.7:3306/shop')}`,
        secret: my,
      },
      {
        name: 'a MariaDB URL',
        text: `url: ${url('mariadb', `app:${my}`, 'maria.prod/db')}`,
        secret: my,
      },
    ],
    negative: [{ name: 'a host and port only', text: `${'mysql'}://db.prod:3306/shop` }],
  },
  {
    id: 'mongodb-uri-password',
    positive: [
      {
        name: 'an Atlas SRV URL',
        text: `MONGO_URI="${url('mongodb+srv', `admin:${mongo}`, 'cluster0.ab1cd.mongodb.net/?retryWrites=true')}"`,
        secret: mongo,
      },
      {
        name: 'a replica set URL',
        text: `${url('mongodb', `app:${mongo}`, 'm1.prod:27017,m2.prod:27017/app')}`,
        secret: mongo,
      },
    ],
    negative: [
      {
        name: 'a placeholder',
        text: `${url('mongodb+srv', '<username>:<password>', 'cluster0.mongodb.net')}`,
      },
    ],
  },
  {
    id: 'redis-uri-password',
    positive: [
      {
        name: 'a password-only URL',
        text: `REDIS_URL=${url('redis', `:${redis}`, 'cache.prod:6379/0')}`,
        secret: redis,
      },
      {
        name: 'a TLS URL with a user',
        text: `${url('rediss', `default:${redis}`, 'eu1-cache.upstash.io:6379')}`,
        secret: redis,
      },
    ],
    negative: [
      { name: 'a URL without credentials', text: `REDIS_URL=${'redis'}://cache.prod:6379/0` },
      {
        name: 'a Helm template',
        text: `${url('redis', ':{{ .Values.redis.password }}', 'redis-master:6379')}`,
      },
    ],
  },
  {
    id: 'amqp-uri-password',
    positive: [
      {
        name: 'a broker URL',
        text: `CELERY_BROKER_URL=${url('amqp', `worker:${amqp}`, 'rabbit.prod:5672/vhost')}`,
        secret: amqp,
      },
    ],
    negative: [{ name: 'a placeholder word', text: url('amqp', 'guest:pass', 'rabbit.prod:5672') }],
  },
  {
    id: 'sqlserver-uri-password',
    positive: [
      {
        name: 'an mssql URL',
        text: `${url('mssql', `sa:${mssql}`, 'sql.prod:1433/app')}`,
        secret: mssql,
      },
    ],
    negative: [
      { name: 'a variable reference', text: `${url('mssql', 'sa:$SA_PASSWORD', 'sql.prod:1433')}` },
    ],
  },
  {
    id: 'database-uri-localhost-password',
    positive: [
      {
        name: 'a local Postgres URL',
        text: `DATABASE_URL=${url('postgres', `dev:${local}`, 'localhost:5432/dev')}`,
        secret: local,
      },
      {
        name: 'a loopback Redis URL',
        text: `${url('redis', `:${local}`, '127.0.0.1:6379')}`,
        secret: local,
      },
      {
        name: 'a local SQLAlchemy URL',
        text: `create_engine("${url('postgresql+psycopg', `dev:${local}`, 'localhost/dev')}")`,
        secret: local,
      },
    ],
    negative: [
      {
        name: 'a remote host (the high-severity detector)',
        text: url('postgres', `dev:${local}`, 'db.prod:5432'),
      },
      {
        name: 'a placeholder on localhost',
        text: url('postgres', 'postgres:{password}', 'localhost:5432/dev'),
      },
    ],
  },
  {
    id: 'jdbc-url-password',
    positive: [
      {
        name: 'a MySQL JDBC URL with query parameters',
        text: `spring.datasource.url=jdbc:mysql://db.prod:3306/shop?user=app&password=${jdbc}&useSSL=true`,
        secret: jdbc,
      },
      {
        name: 'a SQL Server JDBC URL',
        text: `jdbc:sqlserver://sql.prod:1433;databaseName=app;user=app;password=${jdbc};encrypt=true`,
        secret: jdbc,
      },
      {
        name: 'an Oracle thin URL',
        text: `url=jdbc:oracle:thin:scott/${oracle}@db.prod:1521:ORCL`,
        secret: oracle,
      },
    ],
    negative: [
      {
        name: 'a URL without a password',
        text: 'spring.datasource.url=jdbc:postgresql://db:5432/app?sslmode=require',
      },
      {
        name: 'a property placeholder',
        text: `jdbc:postgresql://db:5432/app?user=app&password=${envRef('DB_PASSWORD')}`,
      },
      {
        name: 'an Oracle URL without credentials',
        text: 'jdbc:oracle:thin:@//db.prod:1521/ORCLPDB1',
      },
    ],
  },
  {
    id: 'connection-string-password',
    positive: [
      {
        name: 'an ADO.NET string in appsettings.json',
        text: `"Default": "Server=tcp:app.database.windows.net,1433;Initial Catalog=app;User ID=app;Password=${ado};Encrypt=True;"`,
        secret: ado,
      },
      {
        name: 'an ODBC string',
        text: `conn = pyodbc.connect("DRIVER={ODBC Driver 18 for SQL Server};SERVER=sql.prod;DATABASE=app;UID=app;PWD=${odbc}")`,
        secret: odbc,
      },
    ],
    negative: [
      { name: 'a password with no server on the line', text: `Password=${ado}` },
      {
        name: 'a String.Format placeholder',
        text: 'var cs = "Server=sql.prod;User Id=app;Password={0};";',
      },
      {
        name: 'integrated security',
        text: '"Server=sql.prod;Database=app;Trusted_Connection=True;"',
      },
      {
        name: 'keyword arguments in Python',
        text: 'def connect(self, host=None, addr=None, password=None, pwd=secret_from_vault):',
      },
    ],
  },
];
