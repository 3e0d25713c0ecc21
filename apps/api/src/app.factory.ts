/** Builds the NestJS application on fastify, with validation, errors, and the OpenAPI document. */
import 'reflect-metadata';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import type { AppConfig } from '../../../platform/config';
import { AppModule } from './app.module';
import { installImportBodyParsers } from './imports/imports.controller';
import { createValidationPipe } from './common/validation';
import { AllExceptionsFilter } from './common/http-exception.filter';
import { JsonNestLogger, fastifyOptions, installOperability } from './operability/operability';
import { addSecurityHeaders } from './common/security-headers';

export const API_PREFIX = 'api';

export async function createApp(config: AppConfig): Promise<NestFastifyApplication> {
  const app = await NestFactory.create<NestFastifyApplication>(
    AppModule.forRoot(config),
    // trustProxy (OGI_TRUST_PROXY): behind a load balancer, request.ip is the client's address.
    new FastifyAdapter({
      bodyLimit: 1_048_576,
      trustProxy: config.security.trustProxy,
      ...fastifyOptions(config),
    }),
    { logger: new JsonNestLogger(config.logLevel), abortOnError: false },
  );
  // Issue 10: X-Request-Id, request metrics and GET /metrics (apps/api/src/operability).
  installOperability(app, config);
  // Issue 10: CSP, nosniff, frame-ancestors, no-referrer, no-store (apps/api/src/common/security-headers).
  addSecurityHeaders(app.getHttpAdapter().getInstance(), API_PREFIX);
  // Issue 11: the legacy import takes the raw .xlsx/CSV file as its body.
  installImportBodyParsers(app);
  app.setGlobalPrefix(API_PREFIX);
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new AllExceptionsFilter());
  app.enableShutdownHooks();
  // The staff console, built into dist/console, on the same port.
  const consoleDir = join(__dirname, '..', '..', '..', 'console');
  if (existsSync(join(consoleDir, 'index.html'))) {
    app.useStaticAssets({ root: consoleDir, prefix: '/', index: ['index.html'], wildcard: false });
  }
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup(`${API_PREFIX}/docs`, app, document, { jsonDocumentUrl: `${API_PREFIX}/openapi.json` });
  return app;
}

export function buildOpenApiDocument(app: NestFastifyApplication): OpenAPIObject {
  const options = new DocumentBuilder()
    .setTitle('OGI Flow API')
    .setDescription(
      '依申请公开办理 — applications for government information under the 2019 OGI Regulations, each a durable Temporal workflow; the annual report derived from the recorded history.',
    )
    .setVersion('0.1.0')
    .build();
  return SwaggerModule.createDocument(app, options);
}
