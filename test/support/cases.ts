/**
 * Seed data for case/escalation tests: customers, conversations, cases, stored case images
 * (real files in the app's storage) and escalations, inserted straight into the test database.
 *
 *   const seed = new CaseSeeder(api);
 *   const customer = await seed.customer({ firstName: 'Ana' });
 *   const kase = await seed.case({ userId: customer.id, status: 'pending_review' });
 *   const image = await seed.image(kase.id, png, { displayName: 'case_x_image_1' });
 */
import { randomUUID } from 'node:crypto';
import { DataSource, DeepPartial } from 'typeorm';
import {
  CaseElementDataEntity,
  CaseEntity,
  CaseImageEntity,
  ConversationHistoryEntity,
  CustomerEntity,
  EscalationEntity,
} from '@app/database';
import { ObjectStorage } from '@app/storage';
import { TestApi } from './api';

let conversationCounter = 0;

/** A Chatwoot-like numeric conversation id, unique within the test run. */
export const nextConversationId = (): string =>
  String(Math.floor(Date.now() % 1_000_000) * 100 + (conversationCounter += 1));

export class CaseSeeder {
  private readonly dataSource: DataSource;
  private readonly storage: ObjectStorage;

  public constructor(api: TestApi) {
    this.dataSource = api.app.get(DataSource);
    this.storage = api.app.get(ObjectStorage);
  }

  public customer(values: DeepPartial<CustomerEntity> = {}): Promise<CustomerEntity> {
    const repository = this.dataSource.getRepository(CustomerEntity);
    return repository.save(
      repository.create({
        phone: `+346${String(Math.floor(Math.random() * 1e8)).padStart(8, '0')}`,
        firstName: 'Ana',
        lastName: 'García',
        email: 'ana@example.com',
        ...values,
      }),
    );
  }

  public conversation(
    values: DeepPartial<ConversationHistoryEntity> = {},
  ): Promise<ConversationHistoryEntity> {
    const repository = this.dataSource.getRepository(ConversationHistoryEntity);
    return repository.save(repository.create({ conversationId: nextConversationId(), ...values }));
  }

  public async case(values: DeepPartial<CaseEntity> = {}): Promise<CaseEntity> {
    const repository = this.dataSource.getRepository(CaseEntity);
    const saved = await repository.save(
      repository.create({
        conversationId: nextConversationId(),
        status: 'collecting',
        elementCodes: ['ESCAPE'],
        vehiculoMarca: 'Honda',
        vehiculoModelo: 'CBR 600',
        vehiculoMatricula: '1234ABC',
        metadata: { current_step: 'collect_personal', category_slug: 'motos-part' },
        ...values,
      }),
    );
    return repository.findOneByOrFail({ id: saved.id });
  }

  /** Stores `bytes` in the `case-images` area and records the row. */
  public async image(
    caseId: string,
    bytes: Buffer,
    values: DeepPartial<CaseImageEntity> & { extension?: string } = {},
  ): Promise<CaseImageEntity> {
    const { extension = 'png', ...rest } = values;
    const storedFilename = `${randomUUID()}.${extension}`;
    await this.storage.put('case-images', storedFilename, bytes);
    const repository = this.dataSource.getRepository(CaseImageEntity);
    return repository.save(
      repository.create({
        caseId,
        storedFilename,
        mimeType: extension === 'jpg' ? 'image/jpeg' : `image/${extension}`,
        fileSize: bytes.length,
        displayName: `case_${caseId.slice(0, 8)}_image_${Math.floor(Math.random() * 1000)}`,
        imageType: 'user_upload',
        ...rest,
      }),
    );
  }

  public elementData(
    caseId: string,
    values: DeepPartial<CaseElementDataEntity> = {},
  ): Promise<CaseElementDataEntity> {
    const repository = this.dataSource.getRepository(CaseElementDataEntity);
    return repository.save(
      repository.create({ caseId, elementCode: 'ESCAPE', fieldValues: {}, ...values }),
    );
  }

  public escalation(values: DeepPartial<EscalationEntity> = {}): Promise<EscalationEntity> {
    const repository = this.dataSource.getRepository(EscalationEntity);
    return repository.save(
      repository.create({
        conversationId: nextConversationId(),
        reason: 'El cliente pide hablar con una persona',
        source: 'tool_call',
        status: 'pending',
        metadata: { priority: 'normal' },
        ...values,
      }),
    );
  }

  /** Sets timestamps the entity decorators manage (created_at etc.) to given instants. */
  public async setTimes(
    table: 'cases' | 'escalations',
    id: string,
    times: Record<string, Date | null>,
  ): Promise<void> {
    const columns = Object.keys(times);
    const sets = columns.map((column, index) => `"${column}" = $${index + 2}`).join(', ');
    await this.dataSource.query(`UPDATE "${table}" SET ${sets} WHERE id = $1`, [
      id,
      ...columns.map((column) => times[column]),
    ]);
  }
}
