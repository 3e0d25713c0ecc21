/** The console's DOM helpers: elements, tables, form fields and forms that post JSON. */

export type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, unknown> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
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

/** A property of a value parsed from JSON (undefined when it is not an object or lacks it). */
export function prop(value: unknown, key: string): unknown {
  return typeof value === 'object' && value !== null ? Reflect.get(value, key) : undefined;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    /** The API's answer: `{ message }`, or `{ errors: [{ field, reasons }] }` for invalid input. */
    readonly body: unknown,
  ) {
    const message = prop(body, 'message');
    super(typeof message === 'string' ? message : `HTTP ${status}`);
  }
}

/** A readable message for an API error: each field with its reasons, or the rule's reason. */
export function errorText(err: unknown): string {
  if (err instanceof ApiError) {
    const errors = prop(err.body, 'errors');
    if (Array.isArray(errors))
      return errors
        .map((e: unknown) => {
          const reasons = prop(e, 'reasons');
          return `${String(prop(e, 'field'))}：${Array.isArray(reasons) ? reasons.join('；') : ''}`;
        })
        .join('\n');
    const message = prop(err.body, 'message');
    if (err.status === 403) return `无权限：${String(message ?? '')}`;
    return String(message ?? err.message);
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
  return h('input', { name, id: `f-${name}`, ...attrs });
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
  );
}

/** A form that posts its fields as JSON; numbers stay numbers; shows the API's answer. */
export function form(
  fields: HTMLElement[],
  submitLabel: string,
  onSubmit: (data: Record<string, unknown>) => Promise<void>,
): HTMLFormElement {
  const message = h('div');
  const el = h(
    'form',
    {},
    ...fields,
    h('div', { style: 'margin-top:8px' }, h('button', { type: 'submit', className: 'primary' }, submitLabel)),
    message,
  );
  el.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data: Record<string, unknown> = {};
    for (const [k, v] of new FormData(el).entries()) {
      if (v === '') continue;
      const inputEl = el.querySelector(`[name="${k}"]`);
      // Checkboxes marked data-multiple send a list of their checked values.
      if (inputEl instanceof HTMLInputElement && inputEl.dataset.multiple) {
        data[k] = [...((data[k] as unknown[] | undefined) ?? []), v];
        continue;
      }
      data[k] = inputEl instanceof HTMLInputElement && inputEl.type === 'number' ? Number(v) : v;
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
