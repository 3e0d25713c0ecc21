/**
 * The input rule every text and date obeys before it can reach a workflow (RULES.md §1, §2): what is
 * accepted here can always be recorded in PostgreSQL and counted on the working-day calendar, so no input
 * can leave a case retrying forever. The API checks it at the edge (400 naming the field) and `decide`
 * checks it again (a refused staff action), so a caller that bypasses the API is refused as well.
 */
import { type IsoDate, isIsoDate } from './dates';

/** The earliest business date the product records (the calendar's index starts here). */
export const EARLIEST_BUSINESS_DATE: IsoDate = '2000-01-01';
/** The latest deadline the product can count to (the end of the calendar's index). */
export const LATEST_DEADLINE: IsoDate = '2100-12-31';

/**
 * Why `value` cannot be stored as text, or null when it can. Allowed: any Unicode text without control
 * characters other than tab, line feed and carriage return, and without unpaired UTF-16 surrogates
 * (PostgreSQL refuses U+0000, and a lone surrogate is not a character at all).
 */
export function textProblem(value: string): string | null {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) {
      if (c === 0x09 || c === 0x0a || c === 0x0d) continue;
      const hex = c.toString(16).toUpperCase().padStart(4, '0');
      return `contains the control character U+${hex} at position ${i + 1}; only tab and line breaks are allowed (含有不可见的控制字符)`;
    }
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = i + 1 < value.length ? value.charCodeAt(i + 1) : 0;
      if (next >= 0xdc00 && next <= 0xdfff) {
        i++;
        continue;
      }
      return `contains an unpaired surrogate at position ${i + 1} (not a valid character; 含有无效字符)`;
    }
    if (c >= 0xdc00 && c <= 0xdfff) {
      return `contains an unpaired surrogate at position ${i + 1} (not a valid character; 含有无效字符)`;
    }
  }
  return null;
}

/** A field and why its value is refused (the API answers 400 naming the field). */
export interface FieldProblem {
  field: string;
  reason: string;
}

/**
 * Why a text field's value is refused, naming the field, or null: missing (when `required`), not text,
 * blank (when `required`), longer than `max` characters, or holding a character that cannot be stored.
 */
export function textFieldProblem(
  field: string,
  value: unknown,
  max: number,
  required: boolean,
): FieldProblem | null {
  if (value === undefined || value === null) {
    return required ? { field, reason: `${field} is required` } : null;
  }
  if (typeof value !== 'string') return { field, reason: `${field} must be text` };
  if (required && value.trim() === '') return { field, reason: `${field} must not be empty` };
  if (value.length > max) return { field, reason: `${field} must be at most ${max} characters` };
  const text = textProblem(value);
  return text ? { field, reason: `${field} ${text}` } : null;
}

/** Every string inside `value`, field names included (objects and arrays walked), with its dotted path. */
export function* stringsIn(value: unknown, path = ''): Generator<{ path: string; text: string }> {
  if (typeof value === 'string') {
    yield { path, text: value };
  } else if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) yield* stringsIn(value[i], path ? `${path}.${i}` : String(i));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      const at = path ? `${path}.${k}` : k;
      // A field's name is text the caller sent too.
      yield { path: at, text: k };
      yield* stringsIn(v, at);
    }
  }
}

/** The first text problem inside a value, with the field it is in, or null. */
export function firstTextProblem(value: unknown): { field: string; reason: string } | null {
  for (const { path, text } of stringsIn(value)) {
    const reason = textProblem(text);
    if (reason) return { field: path || '(body)', reason };
  }
  return null;
}

/**
 * Why `value` is not a business date the product can record, or null: a real date `YYYY-MM-DD`, not
 * before 2000 and not after `today` (business dates record what has happened, RULES.md §1).
 */
export function businessDateProblem(value: unknown, today: IsoDate): string | null {
  if (!isIsoDate(value)) return 'must be a calendar date written YYYY-MM-DD';
  if (value < EARLIEST_BUSINESS_DATE) {
    return `${value} is before ${EARLIEST_BUSINESS_DATE}, the earliest date the working-day calendar counts`;
  }
  if (value > today) {
    return `${value} lies in the future (today is ${today} in China Standard Time); business dates record what has happened`;
  }
  return null;
}

/** Why `value` is not a deadline the product can count to (a real date from 2000 to 2100), or null. */
export function deadlineDateProblem(value: unknown): string | null {
  if (!isIsoDate(value)) return 'must be a calendar date written YYYY-MM-DD';
  if (value < EARLIEST_BUSINESS_DATE || value > LATEST_DEADLINE) {
    return `${value} is outside ${EARLIEST_BUSINESS_DATE} … ${LATEST_DEADLINE}, the range the working-day calendar counts`;
  }
  return null;
}
