import { AgentConversationStateEntity } from './agent-conversation-state.entity';
import { AdminAccessLogEntity } from './admin-access-log.entity';
import { AdminRefreshTokenEntity } from './admin-refresh-token.entity';
import { AdminUserEntity } from './admin-user.entity';
import { AuditLogEntity } from './audit-log.entity';
import { CaseElementDataEntity } from './case-element-data.entity';
import { ContainerErrorLogEntity } from './container-error-log.entity';
import { CaseImageEntity } from './case-image.entity';
import { CaseEntity } from './case.entity';
import { ConversationHistoryEntity } from './conversation-history.entity';
import { ConversationMessageEntity } from './conversation-message.entity';
import { CustomerEntity } from './customer.entity';
import { EscalationEntity } from './escalation.entity';
import { StreamOutboxEntity } from './stream-outbox.entity';
import { SystemSettingEntity } from './system-setting.entity';
import { UploadedImageEntity } from './uploaded-image.entity';
// Tariff catalogue
import { AdditionalServiceEntity } from './additional-service.entity';
import { BaseDocumentationEntity } from './base-documentation.entity';
import { ElementEntity } from './element.entity';
import { ElementImageEntity } from './element-image.entity';
import { ElementRequiredFieldEntity } from './element-required-field.entity';
import { ElementWarningAssociationEntity } from './element-warning-association.entity';
import { TariffPromptSectionEntity } from './tariff-prompt-section.entity';
import { TariffTierEntity } from './tariff-tier.entity';
import { TierElementInclusionEntity } from './tier-element-inclusion.entity';
import { VehicleCategoryEntity } from './vehicle-category.entity';
import { WarningEntity } from './warning.entity';
// AI observability
import { LlmUsageMetricEntity } from './llm-usage-metric.entity';
import { ResponseConstraintEntity } from './response-constraint.entity';
import { TokenUsageEntity } from './token-usage.entity';
import { ToolCallLogEntity } from './tool-call-log.entity';
// Regulatory documents and RAG
import { DocumentChunkEntity } from './document-chunk.entity';
import { QueryCitationEntity, RagLexiconEntity, RagQueryEntity } from './rag-query.entity';
import { RegulatoryDocumentEntity } from './regulatory-document.entity';

export * from './admin-access-log.entity';
export * from './agent-conversation-state.entity';
export * from './admin-refresh-token.entity';
export * from './admin-user.entity';
export * from './audit-log.entity';
export * from './case-element-data.entity';
export * from './case-image.entity';
export * from './case.entity';
export * from './conversation-history.entity';
export * from './conversation-message.entity';
export * from './customer.entity';
export * from './escalation.entity';
export * from './json';
export * from './stream-outbox.entity';
export * from './system-setting.entity';
export * from './uploaded-image.entity';
export * from './additional-service.entity';
export * from './base-documentation.entity';
export * from './element.entity';
export * from './element-image.entity';
export * from './element-required-field.entity';
export * from './element-warning-association.entity';
export * from './tariff-prompt-section.entity';
export * from './tariff-tier.entity';
export * from './tier-element-inclusion.entity';
export * from './vehicle-category.entity';
export * from './warning.entity';
export * from './llm-usage-metric.entity';
export * from './response-constraint.entity';
export * from './token-usage.entity';
export * from './tool-call-log.entity';
export * from './document-chunk.entity';
export * from './rag-query.entity';
export * from './regulatory-document.entity';
export * from './container-error-log.entity';

/** Every entity the data source knows. Add new entities here (one line each). */
export const ENTITIES = [
  AdminUserEntity,
  AdminAccessLogEntity,
  SystemSettingEntity,
  AuditLogEntity,
  AdminRefreshTokenEntity,
  CustomerEntity,
  ConversationHistoryEntity,
  ConversationMessageEntity,
  EscalationEntity,
  StreamOutboxEntity,
  UploadedImageEntity,
  CaseEntity,
  CaseImageEntity,
  CaseElementDataEntity,
  AgentConversationStateEntity,
  // Tariff catalogue
  VehicleCategoryEntity,
  TariffTierEntity,
  BaseDocumentationEntity,
  ElementEntity,
  ElementImageEntity,
  ElementRequiredFieldEntity,
  TierElementInclusionEntity,
  WarningEntity,
  ElementWarningAssociationEntity,
  AdditionalServiceEntity,
  TariffPromptSectionEntity,
  // AI observability
  ToolCallLogEntity,
  TokenUsageEntity,
  LlmUsageMetricEntity,
  ResponseConstraintEntity,
  // Regulatory documents and RAG
  RegulatoryDocumentEntity,
  DocumentChunkEntity,
  RagQueryEntity,
  QueryCitationEntity,
  RagLexiconEntity,
  // System page: captured errors
  ContainerErrorLogEntity,
];
