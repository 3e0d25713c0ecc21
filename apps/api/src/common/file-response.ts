/** How an endpoint that answers a file (a download) documents its answer. */
import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse, ApiProduces } from '@nestjs/swagger';

/** A 200 whose body is the file, of one of these media types. */
export function ApiFileResponse(description: string, ...mediaTypes: string[]): MethodDecorator {
  return applyDecorators(
    ApiProduces(...mediaTypes),
    ApiOkResponse({ description, schema: { type: 'string', format: 'binary' } }),
  );
}
