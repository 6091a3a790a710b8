import { Module } from '@nestjs/common';
import { AiObservabilityModule } from '@app/ai-observability';
import { AuditModule } from '../audit/audit.module';
import { LlmMetricsController } from './llm-metrics.controller';
import { LlmMetricsService } from './llm-metrics.service';
import { ResponseConstraintsController } from './response-constraints.controller';
import { ResponseConstraintsService } from './response-constraints.service';
import { TokenUsageController } from './token-usage.controller';
import { TokenUsageService } from './token-usage.service';
import { ToolLogsController } from './tool-logs.controller';
import { ToolLogsService } from './tool-logs.service';

/** Admin pages of the assistant's observability: tool logs, token usage, LLM metrics, constraints. */
@Module({
  imports: [AiObservabilityModule, AuditModule],
  controllers: [
    ToolLogsController,
    TokenUsageController,
    LlmMetricsController,
    ResponseConstraintsController,
  ],
  providers: [ToolLogsService, TokenUsageService, LlmMetricsService, ResponseConstraintsService],
})
export class AiObservabilityApiModule {}
