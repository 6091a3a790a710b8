import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

export const SETTING_VALUE_TYPES = ['string', 'integer', 'boolean', 'json'] as const;
export type SettingValueType = (typeof SETTING_VALUE_TYPES)[number];

@Entity('system_settings')
@Check('ck_system_settings_value_type', `"value_type" IN ('string', 'integer', 'boolean', 'json')`)
export class SystemSettingEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_system_settings_key', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'varchar', length: 1000 })
  value: string;

  @Column({ type: 'varchar', length: 20, default: 'string' })
  valueType: SettingValueType;

  @Column({ type: 'varchar', length: 500, nullable: true })
  description: string | null;

  @Column({ type: 'boolean', default: true })
  isMutable: boolean;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
