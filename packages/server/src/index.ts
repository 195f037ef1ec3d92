export { ApiError, buildHub, type HubOptions } from './app.js';
export {
  DEFAULT_DATABASE,
  type Dialect,
  describeDatabaseUrl,
  type HubDatabase,
  openDatabase,
} from './db/database.js';
export { type MigrationOutcome, migrate, migrations } from './db/migrations.js';
export type { Database } from './db/schema.js';
