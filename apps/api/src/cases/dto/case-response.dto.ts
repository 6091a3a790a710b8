import { ApiProperty } from '@nestjs/swagger';
import {
  CaseElementDataEntity,
  CaseEntity,
  CaseImageEntity,
  CustomerEntity,
  EscalationEntity,
} from '@app/database';
import { CASE_ELEMENT_STATUSES, CASE_STATUSES } from '@app/domain';
import { ListResponseDto } from '../../common/http/list-envelope';

const iso = (value: Date | null | undefined): string | null => (value ? value.toISOString() : null);
const nullableString = { type: String, nullable: true };
const nullableNumber = { type: Number, nullable: true };
const nullableBoolean = { type: Boolean, nullable: true };
const nullableDate = { type: String, format: 'date-time', nullable: true };

export class CaseStatsResponseDto {
  @ApiProperty() pending_review: number;
  @ApiProperty() in_progress: number;
  @ApiProperty() collecting: number;
  @ApiProperty({ description: 'Resolved since midnight in the configured TIMEZONE' })
  resolved_today: number;
  @ApiProperty({ description: 'Created since midnight in the configured TIMEZONE' })
  created_today: number;
  @ApiProperty({ description: 'collecting + pending_images + pending_review + in_progress' })
  total_active: number;
  @ApiProperty({
    type: 'object',
    additionalProperties: { type: 'integer' },
    example: { collecting: 2, pending_review: 1 },
  })
  by_status: Record<string, number>;
}

/** The customer and category facts shown next to a case. */
export interface CaseContext {
  user: CustomerEntity | null;
  /** Catalogue category (falls back to `metadata.category_slug` when the row is gone). */
  category: { slug: string; name: string } | null;
}

export class CaseListItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Chatwoot conversation id' }) conversation_id: string;
  @ApiProperty({ ...nullableString, format: 'uuid' }) user_id: string | null;
  @ApiProperty(nullableString) user_phone: string | null;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ ...nullableString, description: 'metadata.current_step' })
  current_step: string | null;
  @ApiProperty(nullableString) user_first_name: string | null;
  @ApiProperty(nullableString) user_last_name: string | null;
  @ApiProperty(nullableString) user_email: string | null;
  @ApiProperty(nullableString) vehiculo_marca: string | null;
  @ApiProperty(nullableString) vehiculo_modelo: string | null;
  @ApiProperty(nullableString) vehiculo_matricula: string | null;
  @ApiProperty(nullableString) category_slug: string | null;
  @ApiProperty(nullableString) category_name: string | null;
  @ApiProperty({ type: [String] }) element_codes: string[];
  @ApiProperty({ ...nullableNumber, description: 'EUR without VAT' })
  tariff_amount: number | null;
  @ApiProperty() image_count: number;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty(nullableString) resolved_by: string | null;
}

export class CaseListResponseDto extends ListResponseDto(CaseListItemDto) {}

export class CaseImageResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() display_name: string;
  @ApiProperty(nullableString) description: string | null;
  @ApiProperty({ ...nullableString, description: 'NULL = base documentation' })
  element_code: string | null;
  @ApiProperty() image_type: string;
  @ApiProperty() mime_type: string;
  @ApiProperty(nullableNumber) file_size: number | null;
  @ApiProperty({ ...nullableBoolean, description: 'NULL = not reviewed yet' })
  is_valid: boolean | null;
  @ApiProperty(nullableString) validation_notes: string | null;
  @ApiProperty({
    description:
      'Short-lived signed same-origin URL `/case-images/<file>?expires=…&signature=…` ' +
      '(customer documents are never public)',
  })
  url: string;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class CaseDetailResponseDto extends CaseListItemDto {
  @ApiProperty(nullableString) user_nif_cif: string | null;
  @ApiProperty(nullableString) user_domicilio_calle: string | null;
  @ApiProperty(nullableString) user_domicilio_localidad: string | null;
  @ApiProperty(nullableString) user_domicilio_provincia: string | null;
  @ApiProperty(nullableString) user_domicilio_cp: string | null;
  @ApiProperty(nullableString) itv_nombre: string | null;
  @ApiProperty(nullableNumber) vehiculo_anio: number | null;
  @ApiProperty(nullableString) vehiculo_bastidor: string | null;
  @ApiProperty({ ...nullableString, format: 'uuid' }) category_id: string | null;
  @ApiProperty({ ...nullableString, format: 'uuid' }) tariff_tier_id: string | null;
  @ApiProperty() taller_propio: boolean;
  @ApiProperty(nullableString) taller_nombre: string | null;
  @ApiProperty(nullableString) taller_responsable: string | null;
  @ApiProperty(nullableString) taller_domicilio: string | null;
  @ApiProperty(nullableString) taller_provincia: string | null;
  @ApiProperty(nullableString) taller_ciudad: string | null;
  @ApiProperty(nullableString) taller_telefono: string | null;
  @ApiProperty(nullableString) taller_registro_industrial: string | null;
  @ApiProperty(nullableString) taller_actividad: string | null;
  @ApiProperty(nullableBoolean) cambio_plazas: boolean | null;
  @ApiProperty(nullableNumber) plazas_iniciales: number | null;
  @ApiProperty(nullableNumber) plazas_finales: number | null;
  @ApiProperty(nullableBoolean) cambio_altura: boolean | null;
  @ApiProperty(nullableNumber) altura_final: number | null;
  @ApiProperty(nullableBoolean) cambio_ancho: boolean | null;
  @ApiProperty(nullableNumber) ancho_final: number | null;
  @ApiProperty(nullableBoolean) cambio_longitud: boolean | null;
  @ApiProperty(nullableNumber) longitud_final: number | null;
  @ApiProperty({ ...nullableString, format: 'uuid' }) escalation_id: string | null;
  @ApiProperty(nullableString) escalation_status: string | null;
  @ApiProperty({ ...nullableString, description: 'Lines `[YYYY-MM-DD HH:MM - who] text`' })
  notes: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true }) metadata: Record<string, unknown>;
  @ApiProperty(nullableDate) completed_at: string | null;
  @ApiProperty(nullableDate) resolved_at: string | null;
  @ApiProperty({ type: [CaseImageResponseDto] }) images: CaseImageResponseDto[];
}

export class CaseStatusChangeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
  @ApiProperty(nullableDate) resolved_at: string | null;
  @ApiProperty(nullableString) resolved_by: string | null;
  @ApiProperty() message: string;
}

export class CaseTakeResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty() message: string;
}

export class CaseResolveResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: CASE_STATUSES }) status: string;
  @ApiProperty({ format: 'date-time' }) resolved_at: string;
  @ApiProperty() resolved_by: string;
  @ApiProperty() message: string;
}

export class CaseImageValidationResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty(nullableBoolean) is_valid: boolean | null;
  @ApiProperty(nullableString) validation_notes: string | null;
  @ApiProperty() message: string;
}

export class CaseElementDataResponseDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) case_id: string;
  @ApiProperty() element_code: string;
  @ApiProperty({ enum: CASE_ELEMENT_STATUSES }) status: string;
  @ApiProperty({ type: 'object', additionalProperties: true })
  field_values: Record<string, unknown>;
  @ApiProperty(nullableDate) photos_completed_at: string | null;
  @ApiProperty(nullableDate) data_completed_at: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
  @ApiProperty({ format: 'date-time' }) updated_at: string;
}

export class CaseElementDataListResponseDto {
  @ApiProperty({ format: 'uuid' }) case_id: string;
  @ApiProperty() element_count: number;
  @ApiProperty({ type: [CaseElementDataResponseDto] }) elements: CaseElementDataResponseDto[];
}

export const toCaseListItem = (
  entity: CaseEntity,
  context: CaseContext,
  imageCount: number,
): CaseListItemDto => ({
  id: entity.id,
  conversation_id: entity.conversationId,
  user_id: entity.userId,
  user_phone: context.user?.phone ?? null,
  status: entity.status,
  current_step:
    typeof entity.metadata?.current_step === 'string' ? entity.metadata.current_step : null,
  user_first_name: context.user?.firstName ?? null,
  user_last_name: context.user?.lastName ?? null,
  user_email: context.user?.email ?? null,
  vehiculo_marca: entity.vehiculoMarca,
  vehiculo_modelo: entity.vehiculoModelo,
  vehiculo_matricula: entity.vehiculoMatricula,
  category_slug:
    context.category?.slug ??
    (typeof entity.metadata?.category_slug === 'string' ? entity.metadata.category_slug : null),
  category_name: context.category?.name ?? null,
  element_codes: Array.isArray(entity.elementCodes) ? entity.elementCodes : [],
  tariff_amount: entity.tariffAmount,
  image_count: imageCount,
  created_at: entity.createdAt.toISOString(),
  updated_at: entity.updatedAt.toISOString(),
  resolved_by: entity.resolvedBy,
});

export const toCaseImageResponse = (image: CaseImageEntity, url: string): CaseImageResponseDto => ({
  id: image.id,
  display_name: image.displayName,
  description: image.description,
  element_code: image.elementCode,
  image_type: image.imageType,
  mime_type: image.mimeType,
  file_size: image.fileSize,
  is_valid: image.isValid,
  validation_notes: image.validationNotes,
  url,
  created_at: image.createdAt.toISOString(),
});

export const toCaseDetail = (
  entity: CaseEntity,
  context: CaseContext & { escalation: EscalationEntity | null },
  images: CaseImageResponseDto[],
): CaseDetailResponseDto => ({
  ...toCaseListItem(entity, context, images.length),
  user_nif_cif: context.user?.nifCif ?? null,
  user_domicilio_calle: context.user?.domicilioCalle ?? null,
  user_domicilio_localidad: context.user?.domicilioLocalidad ?? null,
  user_domicilio_provincia: context.user?.domicilioProvincia ?? null,
  user_domicilio_cp: context.user?.domicilioCp ?? null,
  itv_nombre: entity.itvNombre,
  vehiculo_anio: entity.vehiculoAnio,
  vehiculo_bastidor: entity.vehiculoBastidor,
  category_id: entity.categoryId,
  tariff_tier_id: entity.tariffTierId,
  taller_propio: entity.tallerPropio,
  taller_nombre: entity.tallerNombre,
  taller_responsable: entity.tallerResponsable,
  taller_domicilio: entity.tallerDomicilio,
  taller_provincia: entity.tallerProvincia,
  taller_ciudad: entity.tallerCiudad,
  taller_telefono: entity.tallerTelefono,
  taller_registro_industrial: entity.tallerRegistroIndustrial,
  taller_actividad: entity.tallerActividad,
  cambio_plazas: entity.cambioPlazas,
  plazas_iniciales: entity.plazasIniciales,
  plazas_finales: entity.plazasFinales,
  cambio_altura: entity.cambioAltura,
  altura_final: entity.alturaFinal,
  cambio_ancho: entity.cambioAncho,
  ancho_final: entity.anchoFinal,
  cambio_longitud: entity.cambioLongitud,
  longitud_final: entity.longitudFinal,
  escalation_id: entity.escalationId,
  escalation_status: context.escalation?.status ?? null,
  notes: entity.notes,
  metadata: entity.metadata ?? {},
  completed_at: iso(entity.completedAt),
  resolved_at: iso(entity.resolvedAt),
  images,
});

export const toCaseElementDataResponse = (
  row: CaseElementDataEntity,
): CaseElementDataResponseDto => ({
  id: row.id,
  case_id: row.caseId,
  element_code: row.elementCode,
  status: row.status,
  field_values: row.fieldValues ?? {},
  photos_completed_at: iso(row.photosCompletedAt),
  data_completed_at: iso(row.dataCompletedAt),
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});
