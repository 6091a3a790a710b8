import { MigrationInterface } from 'typeorm';
import { InitPlatform1795471059496 } from './1795471059496-InitPlatform';
import { SeedSystemSettings1795471059500 } from './1795471059500-SeedSystemSettings';
import { AdminAuthTokens1795472160869 } from './1795472160869-AdminAuthTokens';
import { IngestPipeline1795472392365 } from './1795472392365-IngestPipeline';
import { UploadedImages1795472427340 } from './1795472427340-UploadedImages';
import { CatalogueTables1795473069694 } from './1795473069694-CatalogueTables';
import { CasesAndImages1795473481889 } from './1795473481889-CasesAndImages';
import { CaseCatalogueLinks1795474482172 } from './1795474482172-CaseCatalogueLinks';
import { AgentConversationState1796373265297 } from './1796373265297-AgentConversationState';
import { AdminListIndexes1796376900000 } from './1796376900000-AdminListIndexes';
import { CustomerLastActivity1796430000000 } from './1796430000000-CustomerLastActivity';
import { AiObservability1796410000000 } from './1796410000000-AiObservability';
import { RegulatoryDocuments1796400000000 } from './1796400000000-RegulatoryDocuments';
import { SystemOperations1796420000000 } from './1796420000000-SystemOperations';
import { RagGinPendingListLimit1796440000000 } from './1796440000000-RagGinPendingListLimit';
import { DropChunkTrigramIndex1796450000000 } from './1796450000000-DropChunkTrigramIndex';

/**
 * Ordered list of every migration. Generated files are reviewed by hand and added here;
 * schema DDL and data backfills live in separate migrations.
 */
export const MIGRATIONS: (new () => MigrationInterface)[] = [
  InitPlatform1795471059496,
  SeedSystemSettings1795471059500,
  AdminAuthTokens1795472160869,
  IngestPipeline1795472392365,
  UploadedImages1795472427340,
  CatalogueTables1795473069694,
  CasesAndImages1795473481889,
  CaseCatalogueLinks1795474482172,
  AgentConversationState1796373265297,
  AdminListIndexes1796376900000,
  CustomerLastActivity1796430000000,
  AiObservability1796410000000,
  RegulatoryDocuments1796400000000,
  SystemOperations1796420000000,
  RagGinPendingListLimit1796440000000,
  DropChunkTrigramIndex1796450000000,
];
