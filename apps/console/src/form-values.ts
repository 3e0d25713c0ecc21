/**
 * Reading what `form()` (dom.ts) collects, typed: a text field as text, a number field as a number, a
 * choice as one of its codes. `form()` leaves an empty field out.
 */
export type FormValues = Record<string, unknown>;

/** A text field of a form's data: its value, or '' when left empty. */
export function text(data: Record<string, unknown>, name: string): string {
  const v = data[name];
  return v === undefined ? '' : String(v);
}

/** An optional text field of a form's data: its value, or undefined (not sent) when left empty. */
export function optionalText(data: Record<string, unknown>, name: string): string | undefined {
  const v = data[name];
  return v === undefined ? undefined : String(v);
}

/**
 * A choice of a form's data (a select of the server's codes), checked against the codes of its DTO
 * (`codes` lists each exactly once, so a code added to the API shows up here when the types are made).
 */
export function choice<T extends string>(
  data: Record<string, unknown>,
  name: string,
  codes: Record<T, true>,
): T {
  const v = text(data, name);
  if (!isCode(v, codes)) throw new Error(`${name}：未知的选项 ${v}`);
  return v;
}

/** Whether a value is one of the codes given. */
export function isCode<T extends string>(value: string, codes: Record<T, true>): value is T {
  return Object.hasOwn(codes, value);
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
