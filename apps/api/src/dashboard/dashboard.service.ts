import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { startOfZonedDay } from '@app/domain';
import { ApiConfig } from '../config/api.config';
import { DashboardKpisResponseDto } from './dashboard.dto';

/** Headline numbers of the admin dashboard; "today" starts at midnight in TIMEZONE. */
@Injectable()
export class DashboardService {
  public constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: ApiConfig,
  ) {}

  public async kpis(now: Date = new Date()): Promise<DashboardKpisResponseDto> {
    const since = startOfZonedDay(now, this.config.timeZone);
    // One round trip; each count is an index-friendly aggregate over its own table.
    const rows = await this.dataSource.query<Record<keyof DashboardKpisResponseDto, number>[]>(
      `SELECT
         (SELECT COUNT(*) FROM cases WHERE status = 'pending_review')::int AS cases_pending_review,
         (SELECT COUNT(*) FROM cases WHERE status = 'in_progress')::int AS cases_in_progress,
         (SELECT COUNT(*) FROM cases WHERE status = 'collecting')::int AS cases_collecting,
         (SELECT COUNT(*) FROM cases
           WHERE status = 'resolved' AND resolved_at >= $1)::int AS cases_resolved_today,
         (SELECT COUNT(*) FROM escalations WHERE status = 'pending')::int AS escalations_pending,
         (SELECT COUNT(*) FROM escalations
           WHERE status = 'resolved' AND resolved_at >= $1)::int AS escalations_resolved_today,
         (SELECT COUNT(*) FROM users)::int AS total_users,
         (SELECT COUNT(*) FROM conversation_history)::int AS total_conversations`,
      [since],
    );
    const row = rows[0];
    return {
      cases_pending_review: Number(row?.cases_pending_review ?? 0),
      cases_in_progress: Number(row?.cases_in_progress ?? 0),
      cases_collecting: Number(row?.cases_collecting ?? 0),
      cases_resolved_today: Number(row?.cases_resolved_today ?? 0),
      escalations_pending: Number(row?.escalations_pending ?? 0),
      escalations_resolved_today: Number(row?.escalations_resolved_today ?? 0),
      total_users: Number(row?.total_users ?? 0),
      total_conversations: Number(row?.total_conversations ?? 0),
    };
  }
}
