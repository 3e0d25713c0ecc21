/**
 * 办理: the forms of the staff actions the signed-in user may take now, rendered from the application's
 * `actions` (libs/domain/staff-actions.ts via GET /api/applications/{id}). The console keeps no rule of
 * its own: which forms, which fields, their bounds and choices all come from the server.
 */
import type { ActionFieldDto, OpenActionDto } from './api-types';
import { field, form, h, input, select } from './dom';

/** The forms opened at once: the step the case waits for. */
const LEADING: ReadonlySet<OpenActionDto['action']> = new Set([
  'draftDecision',
  'approveDecision',
  'deliver',
]);

function control(f: ActionFieldDto): HTMLElement {
  const common = { 'data-kind': f.kind, ...(f.required ? { 'aria-required': 'true' } : {}) };
  switch (f.kind) {
    case 'fixed':
      return h('input', { type: 'hidden', name: f.name, value: f.value ?? '' });
    case 'choice':
      return select(f.name, f.options ?? [], common);
    case 'department':
      // Issue 16: one department (a select), or several (checkboxes sent as a list).
      return f.multiple
        ? h(
            'span',
            { className: 'choices', id: `f-${f.name}` },
            ...(f.options ?? []).map((o) =>
              h(
                'label',
                { style: 'display:inline;font-weight:normal;margin-right:12px' },
                h('input', {
                  type: 'checkbox',
                  name: f.name,
                  value: o.code,
                  'data-multiple': 'true',
                  style: 'width:auto',
                }),
                ` ${o.label}`,
              ),
            ),
          )
        : select(f.name, f.options ?? [], common);
    case 'date':
      return input(f.name, {
        ...common,
        type: 'date',
        value: f.defaultValue,
        min: f.earliest,
        max: f.latest,
      });
    case 'integer':
      return input(f.name, {
        ...common,
        type: 'number',
        value: f.defaultValue,
        min: f.minimum,
        max: f.maximum,
        step: 1,
      });
    case 'text':
      return f.multiline
        ? h('textarea', { ...common, name: f.name, id: `f-${f.name}`, maxlength: f.maxLength })
        : input(f.name, { ...common, maxlength: f.maxLength });
  }
}

function labelOf(f: ActionFieldDto): string {
  const optional = !f.required && !f.requiredWhen && f.kind !== 'fixed' && !f.label.includes('可选');
  return optional ? `${f.label}（可选）` : f.label;
}

/** One action's form in a <details>, posting to its route and reloading the page once recorded. */
function actionForm(
  a: OpenActionDto,
  open: boolean,
  post: (path: string, body: Record<string, unknown>) => Promise<void>,
): HTMLElement {
  const rows = a.fields.map((f) => {
    const el = control(f);
    const row = f.kind === 'fixed' ? el : field(labelOf(f), el, f.hint);
    return { f, row };
  });
  const fields = rows.map((r) => r.row);
  const el = form(fields, a.label, async (data) => {
    // Only the fields shown are sent (a field shown for another choice is left out).
    const body: Record<string, unknown> = {};
    for (const { f } of rows) {
      if (f.shownWhen && data[f.shownWhen.field] !== f.shownWhen.equals) continue;
      if (data[f.name] !== undefined) body[f.name] = data[f.name];
    }
    await post(a.path, body);
  });
  // Fields shown only for one choice of another field follow that field.
  const sync = () => {
    const values = new FormData(el);
    for (const { f, row } of rows) {
      if (f.shownWhen) row.hidden = values.get(f.shownWhen.field) !== f.shownWhen.equals;
      if (f.requiredWhen) {
        const needed = values.get(f.requiredWhen.field) === f.requiredWhen.equals;
        row.classList.toggle('required', needed);
      }
    }
  };
  el.addEventListener('change', sync);
  sync();
  return h(
    'details',
    { 'data-action': a.path, 'data-key': a.key, open: open ? true : undefined },
    h('summary', {}, a.label),
    el,
  );
}

/** The forms of the open actions; the leading step (or a lone form) is open. */
export function actionForms(
  actions: readonly OpenActionDto[],
  post: (path: string, body: Record<string, unknown>) => Promise<void>,
): HTMLElement[] {
  return actions.map((a) => actionForm(a, actions.length === 1 || LEADING.has(a.action), post));
}
