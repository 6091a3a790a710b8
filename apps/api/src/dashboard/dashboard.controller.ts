import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Authenticated } from '../auth/authenticated.decorator';
import { DashboardKpisResponseDto } from './dashboard.dto';
import { DashboardService } from './dashboard.service';

@ApiTags('dashboard')
@Controller('api/admin/dashboard')
export class DashboardController {
  public constructor(private readonly dashboard: DashboardService) {}

  @Get('kpis')
  @Authenticated()
  @ApiOperation({ summary: 'Dashboard KPIs ("today" = since midnight in TIMEZONE)' })
  @ApiOkResponse({ type: DashboardKpisResponseDto })
  public kpis(): Promise<DashboardKpisResponseDto> {
    return this.dashboard.kpis();
  }
}
