import { Injectable } from '@nestjs/common';
import { DataSource, EntityManager, QueryFailedError, SelectQueryBuilder } from 'typeorm';
import { CustomerEntity, JsonObject } from '@app/database';
import { buildEnvelope, conflict, DomainError, MessageType, notFound } from '@app/domain';
import { OutboxService } from '@app/streams';
import { AuditService, auditDiff } from '../audit/audit.service';
import { AuthenticatedAdmin } from '../auth/current-admin.decorator';
import { MessageResponseDto } from '../common/http/message-response.dto';
import {
  CreateCustomerDto,
  CustomerListResponseDto,
  CustomerResponseDto,
  ListCustomersQueryDto,
  toCustomerResponse,
  UpdateCustomerDto,
} from './dto/customer.dto';
import { pagedListEnvelope } from '../common/http/list-envelope';

const PHONE_EXISTS = 'PHONE_EXISTS';

const phoneTaken = (phone: string): DomainError =>
  conflict(PHONE_EXISTS, 'Ya existe un cliente con ese teléfono', { phone });

const isUniqueViolation = (error: unknown): boolean =>
  error instanceof QueryFailedError &&
  (error.driverError as { code?: string } | undefined)?.code === '23505';

const escapeLike = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Customers (`/api/admin/users`). Chatwoot contact sync goes through the stream. */
@Injectable()
export class CustomersService {
  public constructor(
    private readonly dataSource: DataSource,
    private readonly audit: AuditService,
    private readonly outbox: OutboxService,
  ) {}

  public async list(query: ListCustomersQueryDto): Promise<CustomerListResponseDto> {
    const filtered = (alias: string): SelectQueryBuilder<CustomerEntity> => {
      const where = this.dataSource.createQueryBuilder(CustomerEntity, alias);
      if (query.client_type) {
        where.andWhere(`${alias}.client_type = :type`, { type: query.client_type });
      }
      if (query.search?.trim()) {
        where.andWhere(
          `(${alias}.first_name ILIKE :q OR ${alias}.last_name ILIKE :q OR ${alias}.phone ILIKE :q OR ${alias}.email ILIKE :q)`,
          { q: `%${escapeLike(query.search.trim())}%` },
        );
      }
      return where;
    };
    const order = query.sort_by === 'last_activity' ? 'last_activity_at' : 'created_at';
    // The page's ids come from (order column DESC, id) alone, an index-only scan however deep
    // the offset; the rows are then read for the page only.
    const page = filtered('p')
      .select('p.id')
      .orderBy(`p.${order}`, 'DESC')
      .addOrderBy('p.id', 'ASC')
      .offset(query.offset)
      .limit(query.limit);
    const rows = this.dataSource
      .createQueryBuilder(CustomerEntity, 'u')
      .where(`u.id IN (${page.getQuery()})`)
      .setParameters(page.getParameters())
      .orderBy(`u.${order}`, 'DESC')
      .addOrderBy('u.id', 'ASC');
    const [entities, total] = await Promise.all([rows.getMany(), filtered('u').getCount()]);
    return pagedListEnvelope(entities, total, query, (customer) => toCustomerResponse(customer));
  }

  public async get(id: string): Promise<CustomerResponseDto> {
    const customer = await this.dataSource.getRepository(CustomerEntity).findOneBy({ id });
    if (!customer) throw notFound('Cliente', id);
    return toCustomerResponse(customer);
  }

  public async create(
    body: CreateCustomerDto,
    actor: AuthenticatedAdmin,
  ): Promise<CustomerResponseDto> {
    const saved = await this.write(async (manager) => {
      const repository = manager.getRepository(CustomerEntity);
      if (await repository.existsBy({ phone: body.phone })) throw phoneTaken(body.phone);
      const customer = await repository.save(
        repository.create({
          phone: body.phone,
          firstName: body.first_name ?? null,
          lastName: body.last_name ?? null,
          email: body.email ?? null,
          nifCif: body.nif_cif ?? null,
          companyName: body.company_name ?? null,
          clientType: body.client_type ?? 'particular',
          metadata: (body.metadata ?? {}) as JsonObject,
        }),
      );
      await this.audit.record(manager, {
        entityType: 'customer',
        entityId: customer.id,
        action: 'create',
        changes: { ...body },
        user: actor.username,
      });
      await this.enqueueContactSync(manager, customer.id);
      return customer;
    }, body.phone);
    await this.publishContactSync(saved.id);
    return toCustomerResponse(saved);
  }

  public async update(
    id: string,
    body: UpdateCustomerDto,
    actor: AuthenticatedAdmin,
  ): Promise<CustomerResponseDto> {
    const saved = await this.write(async (manager) => {
      const repository = manager.getRepository(CustomerEntity);
      const customer = await repository.findOne({
        where: { id },
        lock: { mode: 'pessimistic_write' },
      });
      if (!customer) throw notFound('Cliente', id);
      if (body.phone && body.phone !== customer.phone) {
        if (await repository.existsBy({ phone: body.phone })) throw phoneTaken(body.phone);
      }
      const before = toCustomerResponse(customer) as unknown as Record<string, unknown>;
      const changes: Partial<Record<keyof CustomerEntity, unknown>> = {
        phone: body.phone,
        firstName: body.first_name,
        lastName: body.last_name,
        email: body.email,
        nifCif: body.nif_cif,
        companyName: body.company_name,
        clientType: body.client_type,
        domicilioCalle: body.domicilio_calle,
        domicilioLocalidad: body.domicilio_localidad,
        domicilioProvincia: body.domicilio_provincia,
        domicilioCp: body.domicilio_cp,
        metadata: body.metadata,
      };
      for (const [field, value] of Object.entries(changes)) {
        if (value !== undefined) Object.assign(customer, { [field]: value });
      }
      const updated = await repository.save(customer);
      const diff = auditDiff(
        before,
        toCustomerResponse(updated) as unknown as Record<string, unknown>,
      );
      delete diff.updated_at;
      delete diff.last_activity_at;
      if (Object.keys(diff).length > 0) {
        await this.audit.record(manager, {
          entityType: 'customer',
          entityId: id,
          action: 'update',
          changes: diff,
          user: actor.username,
        });
        await this.enqueueContactSync(manager, id);
      }
      return updated;
    }, body.phone);
    await this.publishContactSync(id);
    return toCustomerResponse(saved);
  }

  public async remove(id: string, actor: AuthenticatedAdmin): Promise<MessageResponseDto> {
    await this.dataSource.transaction(async (manager) => {
      const customer = await manager.getRepository(CustomerEntity).findOneBy({ id });
      if (!customer) throw notFound('Cliente', id);
      await manager.delete(CustomerEntity, { id });
      await this.audit.record(manager, {
        entityType: 'customer',
        entityId: id,
        action: 'delete',
        changes: {
          phone: customer.phone,
          first_name: customer.firstName,
          last_name: customer.lastName,
          chatwoot_contact_id: customer.chatwootContactId,
        },
        user: actor.username,
      });
    });
    return { message: 'Cliente eliminado' };
  }

  /** A transaction that turns a unique-phone race into the same 409 as the pre-check. */
  private async write<T>(work: (manager: EntityManager) => Promise<T>, phone?: string): Promise<T> {
    try {
      return await this.dataSource.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error) && phone) throw phoneTaken(phone);
      throw error;
    }
  }

  /** Best-effort mirror to the Chatwoot contact, durable through the outbox and the stream. */
  private async enqueueContactSync(manager: EntityManager, customerId: string): Promise<void> {
    const id = `contact-sync:${customerId}:${Date.now()}`;
    await this.outbox.add(manager, [
      buildEnvelope(MessageType.CHATWOOT_DELIVERY, id, `contact:${customerId}`, {
        delivery_id: id,
        conversation_id: null,
        reason: 'contact_sync',
        steps: [{ kind: 'sync_contact', user_id: customerId }],
      }),
    ]);
  }

  private async publishContactSync(customerId: string): Promise<void> {
    // The worker's outbox sweeper publishes it later if Redis is unavailable right now.
    await this.outbox.publishKey(`contact:${customerId}`).catch(() => undefined);
  }
}
