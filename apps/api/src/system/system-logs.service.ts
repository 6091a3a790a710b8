import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { ProcessKeys } from '@app/observability';
import { RedisService } from '@app/redis';
import { LogLineDto } from './dto/system.dto';

type RawEntries = [string, string[]][];

const PAGE = 500;

const toLine = ([id, fields]: [string, string[]]): LogLineDto => {
  const field = (name: string): string => {
    const index = fields.indexOf(name);
    return index >= 0 ? (fields[index + 1] ?? '') : '';
  };
  const time = Number(field('t'));
  return {
    id,
    instance_id: field('i'),
    time: new Date(Number.isFinite(time) ? time : 0).toISOString(),
    level: field('l'),
    line: field('m'),
  };
};

/**
 * Recent log lines of the api or the workers, from the capped Redis stream their processes
 * write in batches (already redacted). Lines of all instances of a service, in arrival order.
 */
@Injectable()
export class SystemLogsService implements OnModuleDestroy {
  private readonly open = new Set<() => void>();

  public constructor(private readonly redis: RedisService) {}

  /** Live log streams open in this process (each holds timers until its client leaves). */
  public get activeStreams(): number {
    return this.open.size;
  }

  /** Registers an open stream with its `close`; returns the function that unregisters it. */
  public track(close: () => void): () => void {
    this.open.add(close);
    return () => {
      this.open.delete(close);
    };
  }

  /** Shutdown must not wait for viewers: end every open stream. */
  public onModuleDestroy(): void {
    for (const close of [...this.open]) close();
  }

  /** The last `count` lines, oldest first. */
  public async tail(service: string, count: number): Promise<LogLineDto[]> {
    const entries = (await this.redis.client.xrevrange(
      ProcessKeys.logs(service),
      '+',
      '-',
      'COUNT',
      count,
    )) as RawEntries;
    return entries.reverse().map(toLine);
  }

  /** Lines after `afterId` (a stream id; `0-0` = from the start), oldest first, one page. */
  public async after(service: string, afterId: string): Promise<LogLineDto[]> {
    const entries = (await this.redis.client.xrange(
      ProcessKeys.logs(service),
      `(${afterId}`,
      '+',
      'COUNT',
      PAGE,
    )) as RawEntries;
    return entries.map(toLine);
  }

  /** Id of the newest line, `0-0` when there is none: where a live view starts following. */
  public async lastId(service: string): Promise<string> {
    const entries = (await this.redis.client.xrevrange(
      ProcessKeys.logs(service),
      '+',
      '-',
      'COUNT',
      1,
    )) as RawEntries;
    return entries[0]?.[0] ?? '0-0';
  }
}
