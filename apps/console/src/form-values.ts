/**
 * Reading what `form()` (dom.ts) collects, typed: a text field as text, a number field as a number, a
 * choice as one of its codes. `form()` leaves an empty field out.
 */
export type FormValues = Record<string, unknown>;

/** A text field: its text, '' when left empty. */
export function textValue(data: FormValues, name: string): string {
  return optionalText(data, name) ?? '';
}

/** A text field: its text, undefined when left empty (the body then goes without it). */
export function optionalText(data: FormValues, name: string): string | undefined {
  const v = data[name];
  return typeof v === 'string' ? v : undefined;
}

/** A number field (`type: 'number'`): its number, undefined when left empty. */
export function numberValue(data: FormValues, name: string): number | undefined {
  const v = data[name];
  return typeof v === 'number' ? v : undefined;
}

/** A choice (a select of the codes `allowed`): the code chosen, undefined when none of them. */
export function choiceValue<T extends string>(
  data: FormValues,
  name: string,
  allowed: readonly T[],
): T | undefined {
  const v = data[name];
  return allowed.find((code) => code === v);
}
