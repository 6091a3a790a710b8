import { NestApplicationOptions, ValidationPipe } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { routesOfApp } from './auth/route-table';
import { completeContract } from './common/openapi/contract';
import { RequestValidationException } from './common/http/request-validation.exception';
import { ApiConfig } from './config/api.config';

const ROLE_MATRIX =
  '\n\n**Roles.** Log in at `POST /api/admin/auth/login` and send `Authorization: Bearer <token>`. ' +
  '`user` may read everything and run day-to-day work (cases, escalations, conversations, ' +
  'catalogue edits); only `admin` may manage admin users, change settings, read the access log, ' +
  'read token costs, delete customers/conversations and run system/stream operations. Each ' +
  'operation states its required role (also as `x-required-roles`).';

/** Writes the role an operation needs into its description, where Swagger UI shows it. */
const describeRoles = (document: OpenAPIObject): OpenAPIObject => {
  for (const item of Object.values(document.paths)) {
    for (const operation of Object.values(item) as Record<string, unknown>[]) {
      const roles = operation?.['x-required-roles'];
      if (!Array.isArray(roles)) continue;
      const note =
        roles.length === 1 && roles[0] === 'admin'
          ? '**Requires role `admin`.**'
          : '**Any staff role (`admin`, `user`).**';
      const description = typeof operation.description === 'string' ? operation.description : '';
      operation.description = description ? `${note}\n\n${description}` : note;
    }
  }
  return document;
};

export const buildOpenApiDocument = (app: NestExpressApplication): OpenAPIObject =>
  completeContract(
    describeRoles(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('MSI-a API')
          .setDescription(
            'WhatsApp customer-service backend for vehicle homologation: Chatwoot webhook, admin ' +
              'API and public tariffs. Errors always use the ErrorResponse body.' +
              ROLE_MATRIX,
          )
          .setVersion('1.0.0')
          .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' }, 'bearer')
          .build(),
      ),
    ),
    routesOfApp(app).flatMap((route) => (route.bodyType ? [route.bodyType] : [])),
  );

export const API_APP_OPTIONS: NestApplicationOptions = {
  bufferLogs: true,
  bodyParser: false,
  // The webhook verifies Chatwoot's HMAC over the exact bytes received.
  rawBody: true,
};

/** Builds the api exactly as production runs it (main.ts). */
export async function createApiApp(config: ApiConfig): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(
    AppModule.forRoot(config),
    API_APP_OPTIONS,
  );
  return configureApiApp(app, config);
}

/**
 * Everything applied around the module graph: logger, security headers, CORS, body limits,
 * validation and Swagger. The e2e tests call it on their own module graphs too, so they
 * exercise the same pipeline as production.
 */
export function configureApiApp(
  app: NestExpressApplication,
  config: ApiConfig,
): NestExpressApplication {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', config.trustProxyHops);
  app.disable('x-powered-by');
  app.use(
    helmet({ contentSecurityPolicy: false, crossOriginResourcePolicy: { policy: 'cross-origin' } }),
  );
  app.enableCors({
    origin: config.corsOrigins,
    credentials: true,
    methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'Authorization', 'X-Requested-With', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', 'Content-Disposition'],
  });
  app.useBodyParser('json', { limit: config.bodyLimit });
  app.useBodyParser('urlencoded', { limit: config.bodyLimit, extended: false });
  app.useGlobalPipes(
    new ValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      exceptionFactory: (errors) => RequestValidationException.fromValidationErrors(errors),
    }),
  );
  if (config.swaggerEnabled) {
    SwaggerModule.setup('docs', app, buildOpenApiDocument(app), {
      jsonDocumentUrl: 'docs-json',
      swaggerOptions: { persistAuthorization: true },
    });
  }
  return app;
}
