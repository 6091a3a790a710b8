import { ApiProperty } from '@nestjs/swagger';

export class HealthResponseDto {
  @ApiProperty({ enum: ['healthy', 'degraded'] })
  status: 'healthy' | 'degraded';

  @ApiProperty({ example: 'api' })
  service: string;

  @ApiProperty({ enum: ['healthy', 'unhealthy'] })
  redis: 'healthy' | 'unhealthy';

  @ApiProperty({ enum: ['healthy', 'unhealthy'] })
  postgres: 'healthy' | 'unhealthy';
}

export class RootResponseDto {
  @ApiProperty()
  message: string;

  @ApiProperty({ example: '1.0.0' })
  version: string;

  @ApiProperty({ example: '/health' })
  health: string;

  @ApiProperty({ example: '/docs' })
  docs: string;
}
