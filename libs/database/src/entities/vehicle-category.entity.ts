import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

/** A tariff catalogue per vehicle type and client type (slug with suffix, e.g. `motos-part`). */
@Entity('vehicle_categories')
@Check('ck_vehicle_categories_client_type', `"client_type" IN ('particular', 'professional')`)
export class VehicleCategoryEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Index('uq_vehicle_categories_slug', { unique: true })
  @Column({ type: 'varchar', length: 50 })
  slug: string;

  @Column({ type: 'varchar', length: 100 })
  name: string;

  @Index('ix_vehicle_categories_client_type')
  @Column({ type: 'varchar', length: 20 })
  clientType: 'particular' | 'professional';

  @Column({ type: 'text', nullable: true })
  description: string | null;

  /** Lucide icon name. */
  @Column({ type: 'varchar', length: 50, nullable: true })
  icon: string | null;

  @Column({ type: 'boolean', default: true })
  isActive: boolean;

  @Column({ type: 'integer', default: 0 })
  sortOrder: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
