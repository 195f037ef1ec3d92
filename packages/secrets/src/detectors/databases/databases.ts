import type { Detector } from '../../detector.js';
import { isDocumentationHost, isPlaceholderPassword } from '../../engine/literal-value.js';

/** Characters of a URI's user and password (RFC 3986 userinfo, minus what ends it in code and prose). */
const USERINFO = String.raw`[^\s:/?#@'"\x60<>\[\]]`;
/** Loopback and Docker-host names: a credential there is a local development one. */
const LOCAL_HOST = String.raw`(?:localhost|127(?:\.\d{1,3}){3}|\[::1\]|0\.0\.0\.0|host\.docker\.internal)(?=[:/?#,'"\x60\s;]|$)`;

/**
 * A URI `scheme[+driver]://user:password@host` whose password is the `secret` group and whose
 * host is (`local`) or is not a loopback name.
 */
function uriPattern(schemes: string, local: boolean): RegExp {
  const host = local
    ? `(?<host>${LOCAL_HOST})`
    : `(?!${LOCAL_HOST})(?<host>[A-Za-z0-9_.\\[-]{1,253})`;
  return new RegExp(
    String.raw`\b(?:${schemes})(?:\+[a-z0-9]{1,20})?://${USERINFO}{0,128}:(?<secret>${USERINFO}{3,128})@${host}`,
    'i',
  );
}

/** True when a URI's password is a literal on a real host, not a template or documentation. */
function literalPassword(secret: string, match: RegExpExecArray): boolean {
  return !isPlaceholderPassword(secret) && !isDocumentationHost(match.groups?.host);
}

/** The key of an ADO.NET or ODBC connection string that names the server. */
const ADO_SERVER = String.raw`(?:Server|Data Source|Host|Address|Addr|Network Address|Driver)[ \t]{0,3}=`;

const STORE =
  'and store the new one in a secret manager (inject it as an environment variable or a mounted secret, never a committed URL).';

/** Rotation advice for one database server, with the statement that changes the password. */
function rotate(how: string): string {
  return (
    `Rotate the password now: ${how}. Update every service that connects with it, ` +
    'check the server logs for connections from unknown addresses, ' +
    STORE
  );
}

const LOCAL_REMEDIATION =
  'A credential for a database on localhost is usually a development one, but it is often the same password used elsewhere. ' +
  'If it is used on any shared or production server, rotate it there (`ALTER ROLE`/`ALTER USER ... PASSWORD`); ' +
  'otherwise read it from a local `.env` that is git-ignored, and store the new one in a secret manager.';

/** Databases and brokers: connection URIs, JDBC URLs and ADO.NET/ODBC strings with a literal password. */
export const databasesDetectors: readonly Detector[] = [
  {
    id: 'postgres-uri-password',
    provider: 'PostgreSQL',
    title: 'PostgreSQL connection URI with a password',
    severity: 'high',
    keywords: ['postgres://', 'postgresql://', 'postgresql+', 'postgres+'],
    pattern: uriPattern('postgres(?:ql)?', false),
    validate: literalPassword,
    remediation: rotate(
      'run `ALTER ROLE <user> WITH PASSWORD \'<new>\';` (on a managed service, reset it in the console: RDS "Modify", Cloud SQL "Users", Azure "Reset password", Supabase/Neon project settings)',
    ),
    references: ['https://www.postgresql.org/docs/current/sql-alterrole.html'],
  },
  {
    id: 'mysql-uri-password',
    provider: 'MySQL',
    title: 'MySQL or MariaDB connection URI with a password',
    severity: 'high',
    keywords: ['mysql://', 'mariadb://', 'mysql+', 'mysqlx://'],
    pattern: uriPattern('mysqlx?|mariadb', false),
    validate: literalPassword,
    remediation: rotate(
      "run `ALTER USER '<user>'@'<host>' IDENTIFIED BY '<new>';` (or reset the master password in the managed service's console)",
    ),
    references: ['https://dev.mysql.com/doc/refman/8.0/en/alter-user.html'],
  },
  {
    id: 'mongodb-uri-password',
    provider: 'MongoDB',
    title: 'MongoDB connection URI with a password',
    severity: 'high',
    keywords: ['mongodb://', 'mongodb+srv://'],
    pattern: uriPattern('mongodb', false),
    validate: literalPassword,
    remediation: rotate(
      'run `db.changeUserPassword("<user>", "<new>")` in mongosh, or on Atlas edit the user under Database Access and also review Network Access',
    ),
    references: ['https://www.mongodb.com/docs/manual/reference/method/db.changeUserPassword/'],
  },
  {
    id: 'redis-uri-password',
    provider: 'Redis',
    title: 'Redis connection URI with a password',
    severity: 'high',
    keywords: ['redis://', 'rediss://'],
    pattern: uriPattern('rediss?', false),
    validate: literalPassword,
    remediation: rotate(
      'change the ACL user with `ACL SETUSER <user> resetpass ><new>` (or `CONFIG SET requirepass` for the default user and update redis.conf), or regenerate the key of the managed cache (ElastiCache AUTH token, Azure Cache access keys, Upstash "Reset password")',
    ),
    references: ['https://redis.io/docs/latest/operate/oss_and_stack/management/security/acl/'],
  },
  {
    id: 'amqp-uri-password',
    provider: 'RabbitMQ',
    title: 'AMQP (RabbitMQ) connection URI with a password',
    severity: 'high',
    keywords: ['amqp://', 'amqps://'],
    pattern: uriPattern('amqps?', false),
    validate: literalPassword,
    remediation: rotate(
      'run `rabbitmqctl change_password <user> <new>` (or reset it in the management UI or the broker service console, e.g. Amazon MQ, CloudAMQP)',
    ),
    references: ['https://www.rabbitmq.com/docs/passwords'],
  },
  {
    id: 'sqlserver-uri-password',
    provider: 'Microsoft SQL Server',
    title: 'SQL Server connection URI with a password',
    severity: 'high',
    keywords: ['mssql://', 'sqlserver://', 'mssql+'],
    pattern: uriPattern('mssql|sqlserver', false),
    validate: literalPassword,
    remediation: rotate(
      "run `ALTER LOGIN <login> WITH PASSWORD = '<new>';` (on Azure SQL, reset the server admin password in the portal, or move to Microsoft Entra authentication)",
    ),
    references: ['https://learn.microsoft.com/en-us/sql/t-sql/statements/alter-login-transact-sql'],
  },
  {
    id: 'database-uri-localhost-password',
    provider: 'Database',
    title: 'Database connection URI with a password, on localhost',
    severity: 'medium',
    keywords: [
      'postgres://',
      'postgresql://',
      'postgres+',
      'postgresql+',
      'mysql://',
      'mysql+',
      'mysqlx://',
      'mariadb://',
      'mongodb://',
      'mongodb+srv://',
      'redis://',
      'rediss://',
      'amqp://',
      'amqps://',
      'mssql://',
      'sqlserver://',
    ],
    pattern: uriPattern(
      'postgres(?:ql)?|mysqlx?|mariadb|mongodb|rediss?|amqps?|mssql|sqlserver',
      true,
    ),
    validate: (secret) => !isPlaceholderPassword(secret),
    remediation: LOCAL_REMEDIATION,
  },
  {
    id: 'jdbc-url-password',
    provider: 'JDBC',
    title: 'JDBC URL with a password',
    severity: 'high',
    keywords: ['jdbc:'],
    // `?user=u&password=p`, `;password=p` (SQL Server), and Oracle's `jdbc:oracle:thin:user/password@host`.
    pattern:
      /\bjdbc:[a-z0-9]{2,20}:(?:[^\s'"\x60<>]{0,300}?[?&;:]password=|thin:[\w$#]{1,30}\/)(?<secret>[^\s&;'"\x60<>@/]{1,128})/i,
    validate: (secret) => !isPlaceholderPassword(secret),
    remediation: rotate(
      "change the database user's password with the server's own statement (`ALTER USER`/`ALTER ROLE`/`ALTER LOGIN`), and pass it to the driver as a separate property read from the environment rather than in the URL",
    ),
    references: [
      'https://cheatsheetseries.owasp.org/cheatsheets/Secrets_Management_Cheat_Sheet.html',
    ],
  },
  {
    id: 'connection-string-password',
    provider: 'ADO.NET / ODBC',
    title: 'ADO.NET or ODBC connection string with a password',
    severity: 'high',
    keywords: ['password=', 'pwd=', 'password =', 'pwd ='],
    // Keys start the string or follow `;` (or a quote): `f(host=h, password=p)` in code is not a
    // connection string. A server key within 400 characters on the same line, before or after; bounded look-arounds
    // instead of `requires`, so a huge minified line costs the window, not the line, per match.
    pattern: new RegExp(
      String.raw`(?:^|[;"'\x60][ \t]{0,2})(?:Password|Pwd)[ \t]{0,3}=[ \t]{0,3}(?<secret>[^;'"\s{}\x60<>]{1,128})(?=[;'"\s\x60<]|$)` +
        String.raw`(?:(?<=(?:^|[;"'\x60][ \t]{0,2})${ADO_SERVER}[^\n]{0,400})|(?=[^\n]{0,400}?[;"'\x60][ \t]{0,2}${ADO_SERVER}))`,
      'im',
    ),
    validate: (secret) => !isPlaceholderPassword(secret),
    remediation: rotate(
      "run `ALTER LOGIN <login> WITH PASSWORD = '<new>';` on SQL Server (or the equivalent on the server the string points at); on Azure prefer `Authentication=Active Directory Managed Identity` so the string holds no password",
    ),
    references: [
      'https://learn.microsoft.com/en-us/dotnet/framework/data/adonet/protecting-connection-information',
    ],
  },
];
