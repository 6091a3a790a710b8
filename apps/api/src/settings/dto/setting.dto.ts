import { ApiProperty } from '@nestjs/swagger';
import { IsDefined, ValidateBy, ValidationOptions } from 'class-validator';
import { SystemSettingEntity } from '@app/database';
import { SETTING_VALUE_TYPES, SettingInput, SettingValueType } from '@app/domain';

/** `value` may be a string, a boolean or a finite number, as the admin SPA sends it. */
const IsSettingInput = (options?: ValidationOptions): PropertyDecorator =>
  ValidateBy(
    {
      name: 'isSettingInput',
      validator: {
        validate: (value: unknown): boolean =>
          typeof value === 'string' ||
          typeof value === 'boolean' ||
          (typeof value === 'number' && Number.isFinite(value)),
        defaultMessage: () => 'value debe ser texto, número o booleano',
      },
    },
    options,
  );

export class UpdateSettingDto {
  @ApiProperty({
    oneOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'integer' }],
    description:
      'Checked against the setting’s value_type: boolean → true/false, integer → whole ' +
      'number, string → at most 1000 characters, json → valid JSON text',
    example: false,
  })
  @IsDefined()
  @IsSettingInput()
  value: SettingInput;
}

export class SettingResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'agent_enabled' })
  key: string;

  @ApiProperty({ description: 'Stored text', example: 'true' })
  value: string;

  @ApiProperty({ enum: SETTING_VALUE_TYPES })
  value_type: SettingValueType;

  @ApiProperty({ type: String, nullable: true })
  description: string | null;

  @ApiProperty()
  is_mutable: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  updated_at: string;
}

export class SettingListResponseDto {
  @ApiProperty({ type: [SettingResponseDto] })
  items: SettingResponseDto[];

  @ApiProperty()
  total: number;

  @ApiProperty({ description: 'Always false: every setting is returned' })
  has_more: boolean;
}

export const toSettingResponse = (setting: SystemSettingEntity): SettingResponseDto => ({
  id: setting.id,
  key: setting.key,
  value: setting.value,
  value_type: setting.valueType,
  description: setting.description,
  is_mutable: setting.isMutable,
  updated_at: setting.updatedAt.toISOString(),
});
