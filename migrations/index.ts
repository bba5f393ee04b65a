/**
 * The extension's migrations, listed statically: the server is bundled into one CommonJS file,
 * so nothing may be found by scanning a folder. The name is a migration's identity in the
 * `agreementsMigrations` table: never rename one, append new ones in order.
 */
import type Knex from 'knex';
import * as createAgreementTables from './20261123A-create-agreement-tables';
import * as indexFrameworkDeclarations from './20261124A-index-framework-declarations';
import * as createAgreementHistory from './20261129A-create-agreement-history';
import * as createImportJobs from './20261129B-create-import-jobs';
import * as indexPageLinks from './20261129H-index-page-links';
import * as indexPageVersions from './20261129P-index-page-versions';
import * as indexGeneration from './20261130A-index-generation';
import * as indexPublishingWindow from './20261207A-index-publishing-window';

export interface AgreementMigration {
  /** File name without extension: `YYYYMMDD` + letter + `-kebab-description`. */
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

export const migrations: readonly AgreementMigration[] = [
  { name: '20261123A-create-agreement-tables', ...createAgreementTables },
  { name: '20261124A-index-framework-declarations', ...indexFrameworkDeclarations },
  { name: '20261129A-create-agreement-history', ...createAgreementHistory },
  { name: '20261129B-create-import-jobs', ...createImportJobs },
  { name: '20261129H-index-page-links', ...indexPageLinks },
  { name: '20261129P-index-page-versions', ...indexPageVersions },
  { name: '20261130A-index-generation', ...indexGeneration },
  { name: '20261207A-index-publishing-window', ...indexPublishingWindow },
];
