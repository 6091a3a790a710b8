import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import {
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { HealthService } from '@app/observability';
import { Public } from '../auth/public.decorator';
import { HealthResponseDto, RootResponseDto } from './health.dto';

@ApiTags('health')
@Public()
@Controller()
export class HealthController {
  public constructor(private readonly health: HealthService) {}

  @Get('health')
  @ApiOperation({ summary: 'Liveness and dependencies (PostgreSQL SELECT 1, Redis PING)' })
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ type: HealthResponseDto, description: 'A dependency is down' })
  public async check(@Res({ passthrough: true }) res: Response): Promise<HealthResponseDto> {
    const report = await this.health.check();
    if (report.status !== 'healthy') res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return report;
  }

  @Get()
  @ApiOperation({ summary: 'Service banner' })
  @ApiOkResponse({ type: RootResponseDto })
  public root(): RootResponseDto {
    return { message: 'MSI-a API', version: '1.0.0', health: '/health', docs: '/docs' };
  }
}
