import type { Config } from './config';
import type { Database, Db } from './db/database';

/** What every route and job receives: the database and the frozen configuration. */
export interface AppContext {
  db: Db;
  database: Database;
  config: Config;
  /** Absolute folder for uploaded evidence, outside the web root. */
  filesDir: string;
  /** The current time for deadline checks; tests inject a fixed clock, otherwise the wall clock. */
  clock?: () => Date;
}
