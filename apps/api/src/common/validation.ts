/**
 * Validation at the edge: every request body and query is checked before a controller sees it.
 * A failure is a 400 that names each field and the reason; nothing is written.
 */
import { BadRequestException, ValidationPipe, type ValidationError } from '@nestjs/common';
import { ValidationOptions, registerDecorator } from 'class-validator';
import { dateInShanghai, isIsoDate } from '../../../../libs/domain/dates';

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

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
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
          return isIsoDate(value) && value <= todayInChina();
        },
        defaultMessage(args): string {
          const value: unknown = args?.value;
          if (!isIsoDate(value)) return `${args?.property} must be a calendar date written YYYY-MM-DD`;
          return `${args?.property} ${value} lies in the future (today is ${todayInChina()} in China Standard Time); business dates record what has happened`;
        },
      },
    });
}

/** A real calendar date `YYYY-MM-DD` (past or future), e.g. a deadline the agency sets. */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isCalendarDate',
      target: target.constructor,
      propertyName: String(propertyName),
      options,
      validator: {
        validate: (value: unknown) => isIsoDate(value),
        defaultMessage: (args) => `${args?.property} must be a calendar date written YYYY-MM-DD`,
      },
    });
}
