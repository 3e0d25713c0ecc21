/**
 * A staff action's request-body property, declared from the domain's catalogue
 * (libs/domain/staff-actions.ts): its OpenAPI schema (required, enum, maxLength, minimum, maximum,
 * default) and its validation at the edge come from the one definition of the field.
 */
import { ApiProperty, type ApiPropertyOptions } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsUUID,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { type ActionField, STAFF_ACTIONS, type StaffActionType } from '../../../../libs/domain/staff-actions';
import { IsBusinessDate, IsCalendarDate } from '../common/validation';
import { MAX_CONTRIBUTING_DEPARTMENTS } from '../../../../libs/domain/application';

export function actionField(action: StaffActionType, name: string): ActionField {
  const field = STAFF_ACTIONS[action].fields.find((f) => f.name === name);
  if (!field)
    throw new Error(`the staff action ${action} has no field ${name} (libs/domain/staff-actions.ts)`);
  return field;
}

/** What the catalogue does not say: the English description and an example for the API reference. */
interface PropertyDoc {
  description?: string;
  example?: string | number;
}

export function ActionProperty(
  action: StaffActionType,
  name: string,
  doc: PropertyDoc = {},
): PropertyDecorator {
  const f = actionField(action, name);
  const description = [f.label, doc.description ?? f.hint].filter(Boolean).join(': ');
  const schema: ApiPropertyOptions = {
    required: f.required,
    description,
    ...(doc.example !== undefined ? { example: doc.example } : {}),
    ...(f.kind === 'integer'
      ? { type: 'integer', minimum: f.minimum, maximum: f.maximum }
      : { type: String }),
    ...(f.kind === 'integer' && f.defaultValue !== undefined ? { default: Number(f.defaultValue) } : {}),
    ...(f.kind === 'text' ? { maxLength: f.maxLength } : {}),
    ...(f.kind === 'date' ? { format: 'date' } : {}),
    ...(f.kind === 'choice' ? { enum: f.options!.map((o) => o.code) } : {}),
    ...(f.kind === 'department'
      ? f.multiple
        ? { type: [String], format: 'uuid' }
        : { format: 'uuid' }
      : {}),
    ...(f.kind === 'fixed' && name === 'departmentId' ? { format: 'uuid' } : {}),
  } as ApiPropertyOptions;
  const validators: PropertyDecorator[] = [ApiProperty(schema)];
  if (f.requiredWhen) {
    const { field, equals } = f.requiredWhen;
    validators.push(ValidateIf((o: Record<string, unknown>) => o[field] === equals));
  } else if (!f.required) validators.push(IsOptional());
  const when = f.requiredWhen ? ` (required with ${f.requiredWhen.field} ${f.requiredWhen.equals})` : '';
  switch (f.kind) {
    case 'date':
      validators.push(f.mayBeFuture ? IsCalendarDate() : IsBusinessDate());
      break;
    case 'text':
      validators.push(
        IsString({ message: `${name} must be a text${when}` }),
        f.required || f.requiredWhen
          ? Length(1, f.maxLength, { message: `${name} must be 1 to ${f.maxLength} characters${when}` })
          : MaxLength(f.maxLength!),
      );
      break;
    case 'integer':
      validators.push(
        IsInt({ message: `${name} must be a whole number${when}` }),
        Min(f.minimum!, { message: `${name} must be at least ${f.minimum}` }),
        Max(f.maximum!, {
          message: `${name} may be at most ${f.maximum}${f.maximumRule ? `: ${f.maximumRule}` : ''}`,
        }),
      );
      break;
    case 'choice': {
      const codes = f.options!.map((o) => o.code);
      validators.push(IsIn(codes, { message: `${name} must be one of: ${codes.join(', ')}` }));
      break;
    }
    case 'department':
      // Issue 16: a department of the application's agency, by id (the API checks it exists).
      validators.push(
        ...(f.multiple
          ? [
              IsArray({ message: `${name} must be a list of department ids` }),
              ArrayMaxSize(MAX_CONTRIBUTING_DEPARTMENTS, {
                message: `${name} may name at most ${MAX_CONTRIBUTING_DEPARTMENTS} departments`,
              }),
              ArrayUnique({ message: `${name} must not repeat a department` }),
              IsUUID('all', { each: true, message: `${name} must be department ids (UUIDs)` }),
            ]
          : [IsUUID('all', { message: `${name} must be a department id (UUID)` })]),
      );
      break;
    case 'fixed':
      if (name === 'departmentId') {
        // Issue 16: the department acting (its member acts for it).
        validators.push(IsUUID('all', { message: `${name} must be a department id (UUID)` }));
        break;
      }
      // The other fixed field is a consultation's ref (c1, c2, …).
      validators.push(
        IsString(),
        Matches(/^c\d{1,3}$/, { message: `${name} must name a consultation, e.g. c1` }),
      );
      break;
  }
  return (target, key) => {
    for (const v of validators) v(target, key);
  };
}
