import { ApiProperty } from '@nestjs/swagger';

export class DashboardKpisResponseDto {
  @ApiProperty() cases_pending_review: number;
  @ApiProperty() cases_in_progress: number;
  @ApiProperty() cases_collecting: number;
  @ApiProperty({ description: 'Cases resolved since midnight in the configured TIMEZONE' })
  cases_resolved_today: number;
  @ApiProperty() escalations_pending: number;
  @ApiProperty({ description: 'Escalations resolved since midnight in the configured TIMEZONE' })
  escalations_resolved_today: number;
  @ApiProperty({ description: 'Customers (table users)' }) total_users: number;
  @ApiProperty() total_conversations: number;
}
