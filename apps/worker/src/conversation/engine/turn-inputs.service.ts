import { Inject, Injectable } from '@nestjs/common';
import { DataSource, EntityManager } from 'typeorm';
import {
  CATALOGUE_READ_OPTIONS,
  CatalogueCacheService,
  CatalogueEngineService,
  CatalogueReadOptions,
} from '@app/catalogue';
import { TariffPromptSectionEntity, VehicleCategoryEntity } from '@app/database';
import { ClientType, TurnCase, TurnCatalogue, TurnCustomer } from '@app/domain';

interface CategoryRow {
  id: string;
  slug: string;
  name: string;
  clientType: ClientType;
}

/**
 * Loads what the engine needs to decide a turn: the catalogue (cached snapshots and engines,
 * shared with the api), the customer, the conversation's latest case with its photo counts,
 * and whether staff have the conversation.
 */
@Injectable()
export class TurnInputsService {
  private memo: {
    fingerprint: string;
    categoryIds: string[];
    catalogue: TurnCatalogue;
    expiresAt: number;
  } | null = null;
  /** The reload in flight: turns that find the memo stale meanwhile wait for it. */
  private reloading: Promise<TurnCatalogue> | null = null;

  public constructor(
    private readonly dataSource: DataSource,
    private readonly cache: CatalogueCacheService,
    private readonly engines: CatalogueEngineService,
    @Inject(CATALOGUE_READ_OPTIONS) private readonly options: CatalogueReadOptions,
  ) {}

  /**
   * The catalogue as the engine sees it. Kept in process between turns while the catalogue's
   * generations are unchanged (one Redis round trip per turn instead of one per cached read),
   * and never longer than the cache lifetime. Read outside any transaction (call it before
   * opening one: a turn holds no connection while it waits), and reloaded once for all the
   * turns that find it stale at the same moment — a cold start or a catalogue edit under load
   * would otherwise parse every snapshot and build every engine once per waiting turn.
   */
  public async catalogue(): Promise<TurnCatalogue> {
    const memo = this.memo;
    if (memo && Date.now() < memo.expiresAt) {
      const now = await this.cache.fingerprint(memo.categoryIds).catch(() => null);
      if (now === memo.fingerprint) return memo.catalogue;
    }
    this.reloading ??= this.reload().finally(() => {
      this.reloading = null;
    });
    return this.reloading;
  }

  private async reload(): Promise<TurnCatalogue> {
    const manager = this.dataSource.manager;
    const categories = await this.cache.getOrLoad<CategoryRow[]>({}, 'agent:categories', () =>
      manager
        .find(VehicleCategoryEntity, { where: { isActive: true }, order: { sortOrder: 'ASC' } })
        .then((rows) =>
          rows.map(({ id, slug, name, clientType }) => ({ id, slug, name, clientType })),
        ),
    );
    const categoryIds = categories.map((category) => category.id);
    // Read before loading: a write during the load makes the next turn load again.
    const fingerprint = await this.cache.fingerprint(categoryIds).catch(() => null);
    const loaded = await Promise.all(
      categories.map(async (category) => {
        const [engine, promptSections] = await Promise.all([
          this.engines.forCategory(category.id),
          this.cache.getOrLoad({ categoryId: category.id }, 'agent:prompt_sections', () =>
            manager
              .find(TariffPromptSectionEntity, {
                where: { categoryId: category.id, isActive: true },
              })
              .then((rows) => rows.map(({ sectionType, content }) => ({ sectionType, content }))),
          ),
        ]);
        return { ...category, engine, promptSections };
      }),
    );
    const catalogue = { categories: loaded };
    this.memo =
      fingerprint === null
        ? null
        : {
            fingerprint,
            categoryIds,
            catalogue,
            expiresAt: Date.now() + this.options.cacheTtlSeconds * 1000,
          };
    return catalogue;
  }

  /**
   * The per-turn facts in one round trip: the conversation's state row, the customer, the
   * conversation's most recent case (active or not) with its stored photo counts, and whether
   * staff have the conversation. With `take`, the same statement also takes the not yet taken
   * customer messages with those Chatwoot ids (each message is taken once, ever) and returns
   * them: the facts it reads do not depend on the messages, so one round trip does both.
   */
  public async facts(
    manager: EntityManager,
    conversationId: string,
    customerId: string,
    take: readonly number[] = [],
  ): Promise<TurnFacts> {
    const taking = take.length > 0;
    const rows = await manager.query<FactsRow[]>(
      `WITH latest AS (
         SELECT "id", "status" FROM "cases" WHERE "conversation_id" = $1
         ORDER BY "created_at" DESC LIMIT 1
       )${
         taking
           ? `, taken AS (
         UPDATE "conversation_messages" SET "agent_turn_at" = now()
         WHERE "chatwoot_message_id" = ANY($3::int[]) AND "agent_turn_at" IS NULL
         RETURNING "id", "conversation_history_id", "content", "chatwoot_message_id",
                   "attachments", "created_at", "agent_turn_at"
       )`
           : ''
       }
       SELECT
         (SELECT row_to_json(s) FROM (
            SELECT "state", "version" FROM "agent_conversation_states"
            WHERE "conversation_id" = $1) s) AS "state_row",
         (SELECT row_to_json(u) FROM (
            SELECT "id", "first_name", "last_name", "email", "nif_cif", "phone",
                   "domicilio_calle", "domicilio_localidad", "domicilio_provincia",
                   "domicilio_cp", "client_type"
            FROM "users" WHERE "id" = $2) u) AS "customer",
         (SELECT row_to_json(latest) FROM latest) AS "latest_case",
         (SELECT coalesce(json_agg(json_build_object('element_code', g."element_code", 'count', g."n")), '[]'::json)
            FROM (SELECT i."element_code", count(*)::int AS "n" FROM "case_images" i
                  WHERE i."case_id" = (SELECT "id" FROM latest) GROUP BY i."element_code") g
         ) AS "image_counts",
         EXISTS (SELECT 1 FROM "escalations" e WHERE e."conversation_id" = $1
                 AND e."status" IN ('pending', 'in_progress')) AS "handed_over"${
                   taking
                     ? `,
         (SELECT coalesce(json_agg(t ORDER BY t."chatwoot_message_id"), '[]'::json)
            FROM taken t) AS "taken"`
                     : ''
                 }`,
      taking ? [conversationId, customerId, [...take]] : [conversationId, customerId],
    );
    const row = rows[0];
    if (!row) throw new Error('turn facts query returned nothing');
    return {
      state: row.state_row,
      customer: row.customer ? toTurnCustomer(row.customer) : null,
      latestCase: row.latest_case ? toTurnCase(row.latest_case, row.image_counts) : null,
      handedOver: row.handed_over,
      taken: row.taken ?? [],
    };
  }
}

interface CustomerRow {
  id: string;
  first_name: string | null;
  last_name: string | null;
  email: string | null;
  nif_cif: string | null;
  phone: string | null;
  domicilio_calle: string | null;
  domicilio_localidad: string | null;
  domicilio_provincia: string | null;
  domicilio_cp: string | null;
  client_type: string;
}

interface FactsRow {
  state_row: { state: unknown; version: number } | null;
  customer: CustomerRow | null;
  latest_case: { id: string; status: string } | null;
  image_counts: { element_code: string | null; count: number }[];
  handed_over: boolean;
  taken?: TakenMessageRow[];
}

/** A customer message as the turn took it (JSON: timestamps are ISO strings). */
export interface TakenMessageRow {
  id: string;
  conversation_history_id: string;
  content: string;
  chatwoot_message_id: number;
  attachments: unknown[] | null;
  created_at: string;
  agent_turn_at: string;
}

export interface TurnFacts {
  /** The stored state and its version (optimistic locking), null before the first turn. */
  state: { state: unknown; version: number } | null;
  customer: TurnCustomer | null;
  /** The conversation's most recent case (active or not) with its stored photo counts. */
  latestCase: TurnCase | null;
  /** An escalation of the conversation is open: staff have it. */
  handedOver: boolean;
  /** The messages taken by this statement (`take`), ascending Chatwoot id; else empty. */
  taken: TakenMessageRow[];
}

const toTurnCustomer = (row: CustomerRow): TurnCustomer => ({
  id: row.id,
  firstName: row.first_name,
  lastName: row.last_name,
  email: row.email,
  nifCif: row.nif_cif,
  phone: row.phone,
  domicilioCalle: row.domicilio_calle,
  domicilioLocalidad: row.domicilio_localidad,
  domicilioProvincia: row.domicilio_provincia,
  domicilioCp: row.domicilio_cp,
  clientType: row.client_type === 'professional' ? 'professional' : 'particular',
});

const toTurnCase = (
  row: { id: string; status: string },
  counts: FactsRow['image_counts'],
): TurnCase => {
  const imagesByElement: Record<string, number> = {};
  let baseDocImages = 0;
  for (const { element_code, count } of counts) {
    if (element_code === null) baseDocImages = count;
    else imagesByElement[element_code] = count;
  }
  return { id: row.id, status: row.status, imagesByElement, baseDocImages };
};
