import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { FindOptionsWhere, Repository } from 'typeorm';
import { AdminAccessLogEntity } from '@app/database';
import { ClientInfo } from '../common/http/client-info.decorator';
import { AccessLogAction } from './access-log.actions';
import {
  AccessLogListResponseDto,
  ListAccessLogQueryDto,
  toAccessLogEntryResponse,
} from './dto/access-log.dto';
import { pagedListEnvelope } from '../common/http/list-envelope';

export interface AccessLogRecord {
  userId: string | null;
  username: string | null;
  action: AccessLogAction;
  client: ClientInfo;
  details?: Record<string, unknown> | null;
}

@Injectable()
export class AccessLogService {
  public constructor(
    @InjectRepository(AdminAccessLogEntity)
    private readonly entries: Repository<AdminAccessLogEntity>,
  ) {}

  public async record(record: AccessLogRecord): Promise<void> {
    await this.entries.save(
      this.entries.create({
        userId: record.userId,
        username: record.username?.slice(0, 50) ?? null,
        action: record.action,
        ipAddress: record.client.ip?.slice(0, 45) ?? null,
        userAgent: record.client.userAgent?.slice(0, 500) ?? null,
        details: record.details ?? null,
      }),
    );
  }

  public async list(query: ListAccessLogQueryDto): Promise<AccessLogListResponseDto> {
    const where: FindOptionsWhere<AdminAccessLogEntity> = {};
    if (query.user_id) where.userId = query.user_id;
    if (query.action) where.action = query.action;
    const [rows, total] = await this.entries.findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return pagedListEnvelope(rows, total, query, toAccessLogEntryResponse);
  }
}
