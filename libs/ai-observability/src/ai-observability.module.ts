import { Module } from '@nestjs/common';
import { LlmCallRecorder } from './llm-call.recorder';
import { ResponseConstraintsReader } from './response-constraints.reader';
import { ToolCallLogWriter } from './tool-call-log.writer';

/**
 * Shared writers and readers of the AI observability tables, for the api and the worker.
 * Needs the app's DatabaseModule, RedisModule and ConfigModule (all global).
 */
@Module({
  providers: [ToolCallLogWriter, LlmCallRecorder, ResponseConstraintsReader],
  exports: [ToolCallLogWriter, LlmCallRecorder, ResponseConstraintsReader],
})
export class AiObservabilityModule {}
