import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { AuditLogEntity } from '@app/database';
import { AuditLogListResponseDto, AuditLogQueryDto, toAuditLogResponse } from './dto/audit-log.dto';
import { pagedListEnvelope } from '../common/http/list-envelope';

@Injectable()
export class AuditLogService {
  public constructor(
    @InjectRepository(AuditLogEntity) private readonly rows: Repository<AuditLogEntity>,
  ) {}

  public async list(query: AuditLogQueryDto): Promise<AuditLogListResponseDto> {
    const [rows, total] = await this.rows.findAndCount({
      where: {
        ...(query.entity_type ? { entityType: query.entity_type } : {}),
        ...(query.entity_id ? { entityId: query.entity_id } : {}),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: query.limit,
      skip: query.offset,
    });
    return pagedListEnvelope(rows, total, query, toAuditLogResponse);
  }
}
