/** The console's DOM helpers: elements, tables, form fields and forms that post JSON. */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

export type Child = Node | string | number | null | undefined | false;

export function h(tag: string, attrs: Record<string, unknown> = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'className') el.className = String(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children)
    if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

/** A table with one header row and the rows given. */
export function dataTable(
  attrs: Record<string, unknown>,
  headers: readonly string[],
  rows: readonly Child[],
): HTMLElement {
  return h(
    'table',
    attrs,
    h('thead', {}, h('tr', {}, ...headers.map((t) => h('th', {}, t)))),
    h('tbody', {}, ...rows),
  );
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
  ) {
    super(typeof body?.message === 'string' ? body.message : `HTTP ${status}`);
  }
}

/** A readable message for an API error: each field with its reasons, or the rule's reason. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const b = err.body ?? {};
    if (Array.isArray(b.errors))
      return b.errors.map((e: Json) => `${e.field}：${e.reasons.join('；')}`).join('\n');
    if (err.status === 403) return `无权限：${b.message ?? ''}`;
    return String(b.message ?? err.message);
  }
  return String(err);
}

export function today(): string {
  return new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
}

export function field(label: string, input: HTMLElement, hint?: string): HTMLElement {
  return h('div', {}, h('label', {}, label), input, hint ? h('p', { className: 'hint' }, hint) : null);
}

export function input(name: string, attrs: Record<string, unknown> = {}): HTMLInputElement {
  return h('input', { name, id: `f-${name}`, ...attrs }) as HTMLInputElement;
}

export function select(
  name: string,
  options: Array<{ code: string; label: string }>,
  attrs: Record<string, unknown> = {},
): HTMLSelectElement {
  return h(
    'select',
    { name, id: `f-${name}`, ...attrs },
    ...options.map((o) => h('option', { value: o.code }, o.label)),
  ) as HTMLSelectElement;
}

/** A form that posts its fields as JSON; numbers stay numbers; shows the API's answer. */
export function form(
  fields: HTMLElement[],
  submitLabel: string,
  onSubmit: (data: Record<string, unknown>) => Promise<void>,
): HTMLElement {
  const message = h('div');
  const el = h(
    'form',
    {},
    ...fields,
    h('div', { style: 'margin-top:8px' }, h('button', { type: 'submit', className: 'primary' }, submitLabel)),
    message,
  ) as HTMLFormElement;
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data: Record<string, unknown> = {};
    for (const [k, v] of new FormData(el).entries()) {
      if (v === '') continue;
      const inputEl = el.querySelector(`[name="${k}"]`) as HTMLInputElement | null;
      data[k] = inputEl?.type === 'number' ? Number(v) : v;
    }
    message.replaceChildren();
    try {
      await onSubmit(data);
    } catch (err) {
      message.replaceChildren(h('div', { className: 'error', role: 'alert' }, errorText(err)));
    }
  });
  return el;
}
