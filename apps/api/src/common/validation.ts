/**
 * Validation at the edge: every request body and query is checked before a controller sees it.
 * A failure is a 400 that names each field and the reason; nothing is written.
 */
import {
  type ArgumentMetadata,
  BadRequestException,
  ValidationPipe,
  type ValidationError,
} from '@nestjs/common';
import { ValidationOptions, registerDecorator } from 'class-validator';
import { dateInShanghai } from '../../../../libs/domain/dates';
import {
  businessDateProblem,
  deadlineDateProblem,
  stringsIn,
  textProblem,
} from '../../../../libs/domain/input';

export interface FieldError {
  field: string;
  reasons: string[];
}

export function badRequest(errors: FieldError[]): BadRequestException {
  return new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: errors.map((e) => `${e.field}: ${e.reasons.join('; ')}`).join(' | '),
    errors,
  });
}

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, reasons: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

/**
 * The one input rule for every text (libs/domain/input): no control characters but tab and line breaks,
 * no unpaired surrogates — in every body, query and path parameter, whatever its DTO says, so nothing
 * reaches a workflow that PostgreSQL cannot store.
 */
class CleanInputValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const errors: FieldError[] = [];
      for (const { path, text } of stringsIn(value)) {
        const reason = textProblem(text);
        if (reason) errors.push({ field: path || metadata.data || metadata.type, reasons: [reason] });
      }
      if (errors.length) throw badRequest(errors);
    }
    return super.transform(value, metadata);
  }
}

export function createValidationPipe(): ValidationPipe {
  return new CleanInputValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    stopAtFirstError: false,
    exceptionFactory: (errors) => badRequest(flatten(errors)),
  });
}

/** Today's date in China Standard Time, the zone every business date is in. */
export function todayInChina(): string {
  return dateInShanghai(Date.now());
}

/**
 * A business date: a real calendar date `YYYY-MM-DD` that does not lie in the future
 * (China Standard Time). It may lie in the past: staff record what happened.
 */
export function IsBusinessDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isBusinessDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate(value: unknown): boolean {
          return businessDateProblem(value, todayInChina()) === null;
        },
        defaultMessage(args): string {
          return `${args?.property} ${businessDateProblem(args?.value, todayInChina()) ?? 'is not a business date'}`;
        },
      },
    });
}

/** A real calendar date `YYYY-MM-DD` (past or future) from 2000 to 2100, e.g. a deadline the agency sets. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => deadlineDateProblem(value) === null,
        defaultMessage: (args) =>
          `${args?.property} ${deadlineDateProblem(args?.value) ?? 'is not a calendar date'}`,
      },
    });
}
