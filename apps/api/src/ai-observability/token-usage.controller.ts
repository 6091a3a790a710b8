import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AdminRole } from '@app/domain';
import { Authenticated } from '../auth/authenticated.decorator';
import {
  TokenPricingResponseDto,
  TokenUsageCurrentResponseDto,
  TokenUsageListResponseDto,
} from './dto/token-usage.dto';
import { TokenUsageService } from './token-usage.service';

@ApiTags('token usage')
@Controller('api/token-usage')
@Authenticated({ roles: [AdminRole.ADMIN] })
export class TokenUsageController {
  public constructor(private readonly usage: TokenUsageService) {}

  @Get()
  @ApiOperation({ summary: 'LLM token usage of the last 12 months (UTC), newest first' })
  @ApiOkResponse({ type: TokenUsageListResponseDto })
  public history(): Promise<TokenUsageListResponseDto> {
    return this.usage.history();
  }

  @Get('current')
  @ApiOperation({ summary: 'LLM token usage of the current month (UTC), all models' })
  @ApiOkResponse({ type: TokenUsageCurrentResponseDto })
  public current(): Promise<TokenUsageCurrentResponseDto> {
    return this.usage.current();
  }

  @Get('pricing')
  @ApiOperation({ summary: 'Configured token prices (LLM_PRICES), in EUR per million tokens' })
  @ApiOkResponse({ type: TokenPricingResponseDto })
  public pricing(): TokenPricingResponseDto {
    return this.usage.pricing();
  }
}
