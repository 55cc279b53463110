import type Database from 'better-sqlite3';

/**
 * One numbered migration per file in ./migrations (`NNNN-name.ts`). Migrations are additive; a table that
 * holds the user's own decisions or queued changes is never dropped by a migration.
 */
export type Migration = {
  version: number;
  name: string;
  up(db: Database.Database): void;
};
