import request from 'supertest';
import { DataSource } from 'typeorm';
import { buildSeedPlan, SeedCategoryPlan } from '@app/catalogue-seed';
import { AuditLogEntity } from '@app/database';
import { CatalogueSeeder } from '../../apps/api/src/catalogue/seed/catalogue-seeder';
import { TestApi } from './api';

/** Seeds the real catalogue into a test app's database (what start.sh does on a fresh one). */
export async function seedCatalogue(api: TestApi): Promise<void> {
  await new CatalogueSeeder(api.app.get(DataSource)).run();
}

export const seedPlanOf = (slug: string): SeedCategoryPlan => {
  const plan = buildSeedPlan().find((candidate) => candidate.category.slug === slug);
  if (!plan) throw new Error(`no seeded category ${slug}`);
  return plan;
};

/** Audit rows written for one entity, newest first. */
export const auditRows = (api: TestApi, entityId: string): Promise<AuditLogEntity[]> =>
  api.app
    .get(DataSource)
    .getRepository(AuditLogEntity)
    .find({ where: { entityId }, order: { createdAt: 'DESC' } });

/** A supertest agent bound to a token. */
export const client = (api: TestApi, token: string) => {
  const server = api.app.getHttpServer();
  const auth = { Authorization: `Bearer ${token}` };
  return {
    get: (path: string) => request(server).get(path).set(auth),
    post: (path: string, body?: object) => request(server).post(path).set(auth).send(body),
    put: (path: string, body?: object) => request(server).put(path).set(auth).send(body),
    delete: (path: string) => request(server).delete(path).set(auth),
  };
};
export type Client = ReturnType<typeof client>;
