import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { limitOffsetQuery } from '../common/http/pagination.dto';
import { PagedListResponseDto } from '../common/http/list-envelope';

const nullableString = { type: String, nullable: true };
const nullableInt = { type: Number, nullable: true };

export class RagQueryRequestDto {
  @ApiProperty({
    minLength: 3,
    maxLength: 2000,
    example: '¿Cuántas luces de cruce son obligatorias?',
  })
  @IsString()
  @Length(3, 2000)
  query: string;

  @ApiPropertyOptional({ maxLength: 100 })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  conversation_id?: string;
}

export class RagCitationDto {
  @ApiProperty({ format: 'uuid' }) document_id: string;
  @ApiProperty() document_title: string;
  @ApiProperty(nullableString) document_number: string | null;
  @ApiProperty({ format: 'uuid' }) chunk_id: string;
  @ApiProperty(nullableString) article_number: string | null;
  @ApiProperty(nullableString) section_title: string | null;
  @ApiProperty({ type: [Number] }) page_numbers: number[];
  @ApiProperty({ description: 'Fused retrieval score, 0–1' }) similarity_score: number;
  @ApiProperty({ description: 'Score relative to the best passage, 0–1' }) rerank_score: number;
  @ApiProperty({ maxLength: 300 }) content_preview: string;
  @ApiProperty({ example: '[R48, punto 6.2.1]' }) citation: string;
}

export class RagPerformanceDto {
  @ApiProperty() embedding_ms: number;
  @ApiProperty() retrieval_ms: number;
  @ApiProperty({ description: 'Fusion and ordering of the candidate lists' }) rerank_ms: number;
  @ApiProperty() llm_ms: number;
  @ApiProperty() total_ms: number;
  @ApiProperty() cache_hit: boolean;
}

export class RagQueryResponseDto {
  @ApiProperty({ format: 'uuid' }) query_id: string;
  @ApiProperty() answer: string;
  @ApiProperty({ type: [RagCitationDto] }) citations: RagCitationDto[];
  @ApiProperty({ type: RagPerformanceDto }) performance: RagPerformanceDto;
  @ApiProperty({ enum: ['llm', 'extractive'] }) answer_mode: string;
}

export class ListRagQueriesQueryDto extends limitOffsetQuery(200, 50) {}

export class RagQueryHistoryDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() query_text: string;
  @ApiProperty({ ...nullableString, format: 'uuid' }) user_id: string | null;
  @ApiProperty(nullableString) conversation_id: string | null;
  @ApiProperty(nullableInt) embedding_ms: number | null;
  @ApiProperty(nullableInt) retrieval_ms: number | null;
  @ApiProperty(nullableInt) rerank_ms: number | null;
  @ApiProperty(nullableInt) llm_ms: number | null;
  @ApiProperty() total_ms: number;
  @ApiProperty() num_results_retrieved: number;
  @ApiProperty() num_results_reranked: number;
  @ApiProperty() num_results_used: number;
  @ApiProperty(nullableString) reranker_used: string | null;
  @ApiProperty() response_generated: boolean;
  @ApiProperty() cache_hit: boolean;
  @ApiProperty(nullableString) llm_model: string | null;
  @ApiProperty({ format: 'date-time' }) created_at: string;
}

export class RagQueryListDto extends PagedListResponseDto(RagQueryHistoryDto) {}

export class RagQueryCitationDetailDto extends RagCitationDto {
  @ApiProperty() rank: number;
  @ApiProperty() used_in_context: boolean;
}

export class RagQueryDetailDto extends RagQueryHistoryDto {
  @ApiProperty(nullableString) answer: string | null;
  @ApiProperty({ type: [RagQueryCitationDetailDto] }) citations: RagQueryCitationDetailDto[];
}

export class RagAveragesDto {
  @ApiProperty() retrieval: number;
  @ApiProperty() rerank: number;
  @ApiProperty() llm: number;
  @ApiProperty() total: number;
}

export class RagAnalyticsDto {
  @ApiProperty() total_queries: number;
  @ApiProperty() queries_last_24h: number;
  @ApiProperty({ description: 'Percentage of queries answered from the cache' })
  cache_hit_rate: number;
  @ApiProperty({ type: RagAveragesDto, description: 'Averages over non-cached queries' })
  avg_performance_ms: RagAveragesDto;
}

export class RagCacheClearDto {
  @ApiProperty() message: string;
  @ApiProperty() entries_cleared: number;
}

export class RagHealthComponentsDto {
  @ApiProperty({ description: 'PostgreSQL (chunks and search index) reachable' }) database: boolean;
  @ApiProperty({ description: 'Search index available (kept for the console: same as database)' })
  qdrant: boolean;
  @ApiProperty({ description: 'Embeddings endpoint configured' }) embedding_service: boolean;
  @ApiProperty({ description: 'Candidate ordering available (rank fusion, always on)' })
  reranker: boolean;
  @ApiProperty({ description: 'LLM configured for grounded answers' }) llm: boolean;
  @ApiProperty({ description: 'Redis answer cache reachable' }) cache: boolean;
}

export class RagHealthDto {
  @ApiProperty({ enum: ['healthy', 'degraded'] }) status: string;
  @ApiProperty({ type: RagHealthComponentsDto }) components: RagHealthComponentsDto;
  @ApiProperty({ enum: ['llm', 'extractive'] }) answer_mode: string;
  @ApiProperty() active_documents: number;
  @ApiProperty() active_chunks: number;
}
