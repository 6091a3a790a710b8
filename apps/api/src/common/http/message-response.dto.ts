import { ApiProperty } from '@nestjs/swagger';

/** `{message}` answers of actions without a resource to return (logout, delete, …). */
export class MessageResponseDto {
  @ApiProperty({ example: 'Operación realizada' })
  message: string;
}
