import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { BaseConfig } from '@app/config';
import { RedisService } from '@app/redis';

export type ComponentStatus = 'healthy' | 'unhealthy';

export interface HealthReport {
  status: 'healthy' | 'degraded';
  service: string;
  redis: ComponentStatus;
  postgres: ComponentStatus;
}

@Injectable()
export class HealthService {
  public constructor(
    private readonly config: BaseConfig,
    private readonly dataSource: DataSource,
    private readonly redis: RedisService,
  ) {}

  public async check(): Promise<HealthReport> {
    const [postgres, redis] = await Promise.all([this.checkPostgres(), this.redis.ping()]);
    return {
      status: postgres && redis ? 'healthy' : 'degraded',
      service: this.config.serviceName,
      redis: redis ? 'healthy' : 'unhealthy',
      postgres: postgres ? 'healthy' : 'unhealthy',
    };
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
