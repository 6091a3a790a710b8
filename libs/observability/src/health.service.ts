import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BaseConfig } from '@app/config';
import { RedisService } from '@app/redis';

export type ComponentStatus = 'healthy' | 'unhealthy';

export interface HealthCheckResult {
  status: ComponentStatus;
  detail?: string;
}

export interface HealthReport {
  status: 'healthy' | 'degraded';
  service: string;
  redis: ComponentStatus;
  postgres: ComponentStatus;
  /** Process-specific checks (e.g. the worker's stream consumers); absent when none. */
  checks?: Record<string, HealthCheckResult>;
}

export type HealthCheck = () => HealthCheckResult | Promise<HealthCheckResult>;

@Injectable()
export class HealthService {
  public constructor(
    private readonly config: BaseConfig,
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
  ) {}

  private readonly checks = new Map<string, HealthCheck>();

  /** Adds a check of this process; any unhealthy check makes the report `degraded` (503). */
  public register(name: string, check: HealthCheck): void {
    this.checks.set(name, check);
  }

  public async check(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([this.checkPostgres(), this.redis.ping()]);
    const report: HealthReport = {
      status: postgres && redis ? 'healthy' : 'degraded',
      service: this.config.serviceName,
      redis: redis ? 'healthy' : 'unhealthy',
      postgres: postgres ? 'healthy' : 'unhealthy',
    };
    if (this.checks.size === 0) return report;
    report.checks = {};
    for (const [name, check] of this.checks) {
      const result = await Promise.resolve()
        .then(check)
        .catch((error: unknown): HealthCheckResult => ({
          status: 'unhealthy',
          detail: error instanceof Error ? error.message : String(error),
        }));
      report.checks[name] = result;
      if (result.status !== 'healthy') report.status = 'degraded';
    }
    return report;
  }

  private async checkPostgres(): Promise<boolean> {
    try {
      await this.dataSource.query('SELECT 1');
      return true;
    } catch {
      return false;
    }
  }
}
