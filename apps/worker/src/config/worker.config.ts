import { Type } from 'class-transformer';
import { IsInt, IsString, Max, Min } from 'class-validator';
import { BaseConfig, CommonEnv, RawEnv, readProcessEnv, validateEnv } from '@app/config';

export class WorkerEnv extends CommonEnv {
  /** Port of the worker's own /health and /metrics endpoints. */
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(65535)
  WORKER_HTTP_PORT: number = 9100;

  @IsString()
  WORKER_HTTP_HOST: string = '0.0.0.0';
}

export class WorkerConfig extends BaseConfig {
  public readonly serviceName = 'worker';
  public readonly httpPort: number;
  public readonly httpHost: string;

  public constructor(env: WorkerEnv) {
    super(env);
    this.httpPort = env.WORKER_HTTP_PORT;
    this.httpHost = env.WORKER_HTTP_HOST;
  }
}

export const loadWorkerConfig = (raw: RawEnv = readProcessEnv()): WorkerConfig =>
  new WorkerConfig(validateEnv(WorkerEnv, raw));
