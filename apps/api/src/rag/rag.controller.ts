import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Req,
  Res,
} from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiProduces,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { Authenticated } from '../auth/authenticated.decorator';
import { AuthenticatedAdmin, CurrentAdmin } from '../auth/current-admin.decorator';
import { ErrorResponseDto } from '../common/http/error-response.dto';
import { ParseUuid } from '../common/http/parse-uuid.pipe';
import {
  ListRagQueriesQueryDto,
  RagAnalyticsDto,
  RagCacheClearDto,
  RagHealthDto,
  RagQueryDetailDto,
  RagQueryListDto,
  RagQueryRequestDto,
  RagQueryResponseDto,
} from './rag.dto';
import { RagService } from './rag.service';

const sse = (event: string, data: unknown): string =>
  `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

@ApiTags('rag')
@Controller('api/admin/rag')
@ApiUnprocessableEntityResponse({ type: ErrorResponseDto, description: 'Invalid input' })
export class RagController {
  public constructor(private readonly rag: RagService) {}

  @Post('query')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Ask the regulatory documents a question',
    description:
      'Hybrid retrieval over active documents (Spanish full text, trigram similarity for typos, ' +
      'numbered points, optional embeddings) fused by reciprocal rank; the answer cites ' +
      '`[Documento, punto X]` and says "No consta en los documentos…" when nothing supports it. ' +
      'With LLM_BASE_URL the answer is written by the LLM from the passages; otherwise it is ' +
      'extractive. Answers are cached per corpus version (RAG_CACHE_TTL_SECONDS).',
  })
  @ApiOkResponse({ type: RagQueryResponseDto })
  public query(
    @Body() dto: RagQueryRequestDto,
    @CurrentAdmin() admin: AuthenticatedAdmin,
  ): Promise<RagQueryResponseDto> {
    return this.rag.query(dto, admin);
  }

  @Post('query/stream')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Same question as POST /query, as server-sent events',
    description:
      'Events in order: `retrieval` (`{citations, performance: {embedding_ms, retrieval_ms}}`) ' +
      'as soon as the passages are found, then `answer` (`{answer, answer_mode, query_id}`), ' +
      'then `done` (`{performance}`). A failure after the stream started is an `error` event.',
  })
  @ApiProduces('text/event-stream')
  @ApiOkResponse({
    description: 'The event stream; ends after `done` or `error`',
    content: { 'text/event-stream': { schema: { type: 'string' } } },
  })
  public async queryStream(
    @Body() dto: RagQueryRequestDto,
    @CurrentAdmin() admin: AuthenticatedAdmin,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store, no-transform');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay(true);
    try {
      const result = await this.rag.query(dto, admin, {
        onRetrieval: (citations, timings) =>
          res.write(sse('retrieval', { citations, performance: timings })),
      });
      res.write(
        sse('answer', {
          answer: result.answer,
          answer_mode: result.answer_mode,
          query_id: result.query_id,
        }),
      );
      res.write(sse('done', { performance: result.performance }));
    } catch {
      res.write(sse('error', { error: 'No se pudo completar la consulta' }));
    }
    res.end();
  }

  @Get('queries')
  @Authenticated()
  @ApiOperation({ summary: 'Question history with timings, newest first' })
  @ApiOkResponse({ type: RagQueryListDto })
  public list(@Query() query: ListRagQueriesQueryDto): Promise<RagQueryListDto> {
    return this.rag.list(query);
  }

  @Get('queries/:queryId')
  @Authenticated()
  @ApiOperation({ summary: 'One question with its answer, timings and cited passages' })
  @ApiParam({ name: 'queryId', format: 'uuid' })
  @ApiOkResponse({ type: RagQueryDetailDto })
  @ApiBadRequestResponse({ type: ErrorResponseDto, description: 'Malformed id' })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  public get(@Param('queryId', ParseUuid) id: string): Promise<RagQueryDetailDto> {
    return this.rag.get(id);
  }

  @Get('analytics/summary')
  @Authenticated()
  @ApiOperation({ summary: 'Question counts, cache hit rate and average stage timings' })
  @ApiOkResponse({ type: RagAnalyticsDto })
  public analytics(): Promise<RagAnalyticsDto> {
    return this.rag.analytics();
  }

  @Post('cache/clear')
  @Authenticated()
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Forget every cached answer' })
  @ApiOkResponse({ type: RagCacheClearDto })
  public clearCache(): Promise<RagCacheClearDto> {
    return this.rag.clearCache();
  }

  @Get('health')
  @Authenticated()
  @ApiOperation({
    summary: 'What the RAG has configured and whether its store answers',
    description:
      '200 with the components (embeddings and LLM are optional: false = not configured); ' +
      '503 only when PostgreSQL, which holds the documents and the index, is unreachable.',
  })
  @ApiOkResponse({ type: RagHealthDto })
  @ApiServiceUnavailableResponse({ type: RagHealthDto, description: 'PostgreSQL unreachable' })
  public async health(@Res({ passthrough: true }) res: Response): Promise<RagHealthDto> {
    const { ok, body } = await this.rag.health();
    if (!ok) res.status(HttpStatus.SERVICE_UNAVAILABLE);
    return body;
  }
}
