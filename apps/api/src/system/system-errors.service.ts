import { Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { DataSource, LessThan, Not, QueryFailedError, Repository } from 'typeorm';
import { ContainerErrorLogEntity } from '@app/database';
import { conflict, notFound } from '@app/domain';
import { AuthenticatedAdmin } from '../auth/auth-request';
import { ApiConfig } from '../config/api.config';
import {
  ClearResolvedErrorsResponseDto,
  ContainerErrorLogDto,
  ContainerErrorLogsResponseDto,
  ContainerErrorStatsDto,
  ListContainerErrorsQueryDto,
  ResolveContainerErrorDto,
} from './dto/system.dto';

const RETENTION_INTERVAL_MS = 6 * 3600 * 1000;
const UNIQUE_VIOLATION = '23505';

export const toContainerErrorDto = (row: ContainerErrorLogEntity): ContainerErrorLogDto => ({
  id: row.id,
  service_name: row.serviceName,
  container_name: row.containerName,
  level: row.level,
  message: row.message,
  stack_trace: row.stackTrace,
  context: row.context,
  log_timestamp: row.logTimestamp.toISOString(),
  status: row.status,
  resolved_at: row.resolvedAt?.toISOString() ?? null,
  resolved_by: row.resolvedBy,
  resolution_notes: row.resolutionNotes,
  occurrence_count: row.occurrenceCount,
  last_seen_at: row.lastSeenAt.toISOString(),
  fingerprint: row.fingerprint,
  created_at: row.createdAt.toISOString(),
});

/**
 * Captured errors of the api and workers (written, grouped, by each process's registry):
 * listing, statistics, triage and retention of closed ones.
 */
@Injectable()
export class SystemErrorsService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(SystemErrorsService.name);
  private retentionTimer: NodeJS.Timeout | null = null;

  public constructor(
    private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
  ) {}

  private get errors(): Repository<ContainerErrorLogEntity> {
    return this.dataSource.getRepository(ContainerErrorLogEntity);
  }

  public onApplicationBootstrap(): void {
    // Every replica runs it; the delete is idempotent.
    this.retentionTimer = setInterval(() => {
      this.purgeExpired().catch((error: unknown) =>
        this.logger.warn(`error retention failed: ${String(error)}`),
      );
    }, RETENTION_INTERVAL_MS);
    this.retentionTimer.unref();
  }

  public onModuleDestroy(): void {
    if (this.retentionTimer) clearInterval(this.retentionTimer);
  }

  public async list(query: ListContainerErrorsQueryDto): Promise<ContainerErrorLogsResponseDto> {
    const [rows, total] = await this.errors.findAndCount({
      where: {
        status: query.status,
        ...(query.service ? { serviceName: query.service } : {}),
        ...(query.level ? { level: query.level } : {}),
      },
      order: { lastSeenAt: 'DESC', id: 'ASC' },
      skip: (query.page - 1) * query.page_size,
      take: query.page_size,
    });
    return {
      items: rows.map(toContainerErrorDto),
      total,
      page: query.page,
      page_size: query.page_size,
    };
  }

  public async stats(): Promise<ContainerErrorStatsDto> {
    const [byService, byLevel, recent] = await Promise.all([
      this.countOpenBy('service_name'),
      this.countOpenBy('level'),
      this.dataSource.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM container_error_logs
         WHERE last_seen_at >= now() - interval '24 hours'`,
      ),
    ]);
    return {
      total_open: Object.values(byService).reduce((sum, n) => sum + n, 0),
      by_service: byService,
      by_level: byLevel,
      last_24h: recent[0]?.n ?? 0,
    };
  }

  public async resolve(
    id: string,
    body: ResolveContainerErrorDto,
    actor: AuthenticatedAdmin,
  ): Promise<ContainerErrorLogDto> {
    const row = await this.errors.findOneBy({ id });
    if (!row) throw notFound('Error', id);
    row.status = body.status;
    row.resolvedAt = new Date();
    row.resolvedBy = actor.username.slice(0, 100);
    row.resolutionNotes = body.notes ?? null;
    try {
      await this.errors.save(row);
    } catch (error) {
      if (
        error instanceof QueryFailedError &&
        (error.driverError as { code?: string })?.code === UNIQUE_VIOLATION
      ) {
        throw conflict(
          'ERROR_REOPENED',
          'El mismo error ha vuelto a producirse y ya tiene un registro abierto',
          { id },
        );
      }
      throw error;
    }
    return toContainerErrorDto(row);
  }

  public async remove(id: string): Promise<void> {
    const result = await this.errors.delete({ id });
    if (!result.affected) throw notFound('Error', id);
  }

  public async clearClosed(): Promise<ClearResolvedErrorsResponseDto> {
    const result = await this.errors.delete({ status: Not('open') });
    const deleted = result.affected ?? 0;
    return { message: `${deleted} error(es) resueltos o ignorados eliminados`, deleted };
  }

  /** Deletes resolved/ignored errors not seen for the retention period. */
  public async purgeExpired(now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - this.config.systemErrorRetentionDays * 86_400_000);
    const result = await this.errors.delete({
      status: Not('open'),
      lastSeenAt: LessThan(cutoff),
      resolvedAt: LessThan(cutoff),
    });
    return result.affected ?? 0;
  }

  private async countOpenBy(column: 'service_name' | 'level'): Promise<Record<string, number>> {
    const rows = await this.dataSource.query<{ key: string; n: number }[]>(
      `SELECT ${column} AS key, count(*)::int AS n FROM container_error_logs
       WHERE status = 'open' GROUP BY ${column}`,
    );
    return Object.fromEntries(rows.map((row) => [row.key, row.n]));
  }
}
