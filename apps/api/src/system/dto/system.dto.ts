import { ApiHideProperty, ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, MaxLength } from 'class-validator';
import { CONTAINER_ERROR_STATUSES, ContainerErrorStatus } from '@app/database';
import { QueryInteger } from '../../common/validation/decorators';

const nullableString = { type: String, nullable: true };
const nullableDate = { type: String, format: 'date-time', nullable: true };

/** Service names of the system page. Only `api` and `agent` are processes of this backend. */
export const SYSTEM_SERVICES = ['api', 'agent', 'postgres', 'redis', 'admin-panel'] as const;
export type SystemServiceName = (typeof SYSTEM_SERVICES)[number];

export class DockerStatusResponseDto {
  @ApiProperty({ description: 'Always false: this backend never talks to Docker' })
  available: boolean;
  @ApiProperty({ enum: ['socket', 'tcp', 'none'] }) connection_type: string;
  @ApiProperty(nullableString) socket_path: string | null;
  @ApiProperty() socket_exists: boolean;
  @ApiProperty(nullableString) docker_host_env: string | null;
  @ApiProperty() message: string;
}

export class ServiceInstanceDto {
  @ApiProperty() instance_id: string;
  @ApiProperty() host: string;
  @ApiProperty() pid: number;
  @ApiProperty() version: string;
  @ApiProperty({ format: 'date-time' }) started_at: string;
  @ApiProperty({ format: 'date-time' }) last_seen: string;
  @ApiProperty({ enum: ['running', 'draining', 'stopped'] }) state: string;
  @ApiProperty({ enum: ['healthy', 'degraded'] }) health: string;
  @ApiProperty({ type: [String], description: 'Streams this process consumes' })
  streams: string[];
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    description: 'Handlers running now, per stream',
  })
  in_flight: Record<string, number>;
}

export class SystemServiceDto {
  @ApiProperty({ enum: SYSTEM_SERVICES }) name: SystemServiceName;
  @ApiProperty({ description: 'Instance ids (host-pid) of the running processes, or the host' })
  container: string;
  @ApiProperty({
    description:
      '`running`, `stopped` (taking no work), `exited` (no live process), ' +
      '`unreachable`, or `unknown` (not observable from the backend)',
  })
  status: string;
  @ApiProperty({ ...nullableString, description: '`healthy`, `degraded`, `unhealthy` or null' })
  health: string | null;
  @ApiProperty({ type: [ServiceInstanceDto] }) instances: ServiceInstanceDto[];
}

export class SystemServicesResponseDto {
  @ApiProperty({ type: [SystemServiceDto] }) services: SystemServiceDto[];
}

export class ServiceActionResponseDto {
  @ApiProperty() success: boolean;
  @ApiProperty() message: string;
  @ApiProperty({ description: 'Processes that received the request' }) instances: number;
}

export class CacheClearResponseDto {
  @ApiProperty() success: boolean;
  @ApiProperty() message: string;
}

export class LogsQueryDto {
  @QueryInteger({ min: 1, max: 5000, default: 100, description: 'Recent lines sent first' })
  tail: number = 100;

  /** Read by the auth guard (documented there); declared so validation lets it through. */
  @ApiHideProperty()
  @IsOptional()
  @IsString()
  token?: string;
}

export class LogLineDto {
  @ApiProperty() id: string;
  @ApiProperty() instance_id: string;
  @ApiProperty({ format: 'date-time' }) time: string;
  @ApiProperty() level: string;
  @ApiProperty({ description: 'The formatted line, secrets and personal data redacted' })
  line: string;
}

export class LogLinesResponseDto {
  @ApiProperty({ enum: SYSTEM_SERVICES }) service: string;
  @ApiProperty({ type: [LogLineDto] }) items: LogLineDto[];
}

export class ListContainerErrorsQueryDto {
  @ApiPropertyOptional({ enum: SYSTEM_SERVICES })
  @IsOptional()
  @IsIn(SYSTEM_SERVICES)
  service?: SystemServiceName;

  @ApiPropertyOptional({ enum: CONTAINER_ERROR_STATUSES, default: 'open' })
  @IsOptional()
  @IsIn(CONTAINER_ERROR_STATUSES)
  status: ContainerErrorStatus = 'open';

  @ApiPropertyOptional({ enum: ['ERROR', 'FATAL'] })
  @IsOptional()
  @IsIn(['ERROR', 'FATAL'])
  level?: string;

  @QueryInteger({ min: 1, max: 10_000, default: 1 })
  page: number = 1;

  @QueryInteger({ min: 1, max: 200, default: 50 })
  page_size: number = 50;
}

export class ContainerErrorLogDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: SYSTEM_SERVICES }) service_name: string;
  @ApiProperty({ description: 'Process instance that last reported it' }) container_name: string;
  @ApiProperty() level: string;
  @ApiProperty() message: string;
  @ApiProperty(nullableString) stack_trace: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true })
  context: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time', description: 'First seen' }) log_timestamp: string;
  @ApiProperty({ enum: CONTAINER_ERROR_STATUSES }) status: string;
  @ApiProperty(nullableDate) resolved_at: string | null;
  @ApiProperty(nullableString) resolved_by: string | null;
  @ApiProperty(nullableString) resolution_notes: string | null;
  @ApiProperty({ description: 'Times it happened (identical errors are grouped)' })
  occurrence_count: number;
  @ApiProperty({ format: 'date-time' }) last_seen_at: string;
  @ApiProperty({ description: 'Group identity: service, message without numbers/ids, frame' })
  fingerprint: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class ContainerErrorLogsResponseDto {
  @ApiProperty({ type: [ContainerErrorLogDto] }) items: ContainerErrorLogDto[];
  @ApiProperty() total: number;
  @ApiProperty() page: number;
  @ApiProperty() page_size: number;
}

export class ContainerErrorStatsDto {
  @ApiProperty() total_open: number;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  by_service: Record<string, number>;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' } })
  by_level: Record<string, number>;
  @ApiProperty({ description: 'Error groups seen in the last 24 hours' }) last_24h: number;
}

export class ResolveContainerErrorDto {
  @ApiProperty({ enum: ['resolved', 'ignored'] })
  @IsIn(['resolved', 'ignored'])
  status: 'resolved' | 'ignored';

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class ClearResolvedErrorsResponseDto {
  @ApiProperty() message: string;
  @ApiProperty() deleted: number;
}
