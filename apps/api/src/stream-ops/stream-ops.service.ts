import { Injectable, Logger } from '@nestjs/common';
import { StreamOps } from '@app/streams';
import { AuthenticatedAdmin } from '../auth/current-admin.decorator';
import {
  DeadLetterListResponseDto,
  ListDeadLettersQueryDto,
  RedriveAllResponseDto,
  RedriveResultDto,
  StreamStatsResponseDto,
  toDeadLetterDto,
  toRedriveResult,
  toStreamStats,
} from './dto/stream-ops.dto';

/** Operator view of the Redis streams: health figures, dead letters, re-drive. */
@Injectable()
export class StreamOpsService {
  private readonly logger = new Logger(StreamOpsService.name);

  public constructor(private readonly ops: StreamOps) {}

  public async stats(): Promise<StreamStatsResponseDto> {
    return toStreamStats(await this.ops.stats());
  }

  public async deadLetters(query: ListDeadLettersQueryDto): Promise<DeadLetterListResponseDto> {
    const { items, total } = await this.ops.deadLetters(query.limit + 1, query.before);
    return {
      items: items.slice(0, query.limit).map(toDeadLetterDto),
      total,
      has_more: items.length > query.limit,
    };
  }

  public async redrive(id: string, actor: AuthenticatedAdmin): Promise<RedriveResultDto> {
    const result = await this.ops.redrive(id);
    this.logger.warn({ msg: 'dead letter re-driven', ...result, by: actor.username });
    return toRedriveResult(result);
  }

  public async redriveAll(actor: AuthenticatedAdmin): Promise<RedriveAllResponseDto> {
    const results = await this.ops.redriveAll();
    const redriven = results.filter((result) => result.redriven).length;
    this.logger.warn({ msg: 'dead letters re-driven', redriven, by: actor.username });
    return { redriven, results: results.map(toRedriveResult) };
  }
}
