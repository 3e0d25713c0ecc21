/**
 * 科室管理 (issue 16): the admin creates, renames and deactivates the agency's departments and sets their
 * members among the agency's accounts.
 */
import type { DepartmentDto } from '../api-types';
import { dataTable, errorText, field, form, h, input } from '../dom';
import { layout } from '../layout';
import { call } from '../session';

function membersEditor(
  d: DepartmentDto,
  users: Array<{ id: string; label: string }>,
  done: () => Promise<void>,
) {
  const current = new Set(d.members.map((m) => m.id));
  const message = h('div');
  const boxes = users.map((u) =>
    h(
      'label',
      { style: 'display:inline;font-weight:normal;margin-right:12px' },
      h('input', {
        type: 'checkbox',
        name: 'userIds',
        value: u.id,
        'data-multiple': 'true',
        style: 'width:auto',
        checked: current.has(u.id) ? true : undefined,
      }),
      ` ${u.label}`,
    ),
  );
  const el = form([h('div', {}, ...boxes)], '保存成员', async (data) => {
    await call('PUT /api/departments/{id}/members', {
      params: { id: d.id },
      body: { userIds: (data.userIds as string[] | undefined) ?? [] },
    });
    await done();
  });
  return h('details', { 'data-members': d.id }, h('summary', {}, '设置成员'), el, message);
}

export async function departmentsPage(): Promise<void> {
  const [list, users] = await Promise.all([
    call('GET /api/departments', { query: {} }),
    call('GET /api/users', { query: { pageSize: 200, active: 'true' } }),
  ]);
  const people = users.items.map((u) => ({ id: u.id, label: `${u.displayName}（${u.username}）` }));
  const message = h('div');
  const act = async (fn: () => Promise<unknown>) => {
    try {
      await fn();
      await departmentsPage();
    } catch (err) {
      message.replaceChildren(h('div', { className: 'error', role: 'alert' }, errorText(err)));
    }
  };
  const create = form(
    [
      field('科室名称', input('name', { maxlength: 100 })),
      field('科室代码（可选）', input('code', { maxlength: 32 })),
    ],
    '新建科室',
    async (data) => {
      await call('POST /api/departments', {
        body: { name: String(data.name ?? ''), ...(data.code ? { code: String(data.code) } : {}) },
      });
      await departmentsPage();
    },
  );
  const rename = (d: DepartmentDto) => {
    const name = input(`name-${d.id}`, { value: d.name, maxlength: 100, style: 'width:12em' });
    return h(
      'span',
      {},
      name,
      ' ',
      h(
        'button',
        {
          onclick: () =>
            act(() =>
              call('PATCH /api/departments/{id}', { params: { id: d.id }, body: { name: name.value } }),
            ),
        },
        '改名',
      ),
    );
  };
  await layout(
    'departments',
    h(
      'div',
      {},
      h('h1', {}, '科室管理'),
      h(
        'p',
        {},
        '本机关的内设机构（承办科室）及其成员。申请可交办给科室主办、协办；科室成员签收、退回或提供意见。',
      ),
      message,
      dataTable(
        {},
        ['科室', '代码', '状态', '成员', '操作'],
        list.items.map((d) =>
          h(
            'tr',
            { 'data-department': d.id },
            h('td', {}, rename(d)),
            h('td', {}, d.code ?? '—'),
            h('td', {}, d.active ? '启用' : h('span', { className: 'muted' }, '已停用')),
            h(
              'td',
              {},
              h(
                'span',
                { className: d.members.length ? 'members' : 'members muted' },
                d.members.map((m) => m.displayName).join('、') || '无',
              ),
              membersEditor(d, people, departmentsPage),
            ),
            h(
              'td',
              {},
              h(
                'button',
                {
                  onclick: () =>
                    act(() =>
                      call('PATCH /api/departments/{id}', {
                        params: { id: d.id },
                        body: { active: !d.active },
                      }),
                    ),
                },
                d.active ? '停用' : '启用',
              ),
            ),
          ),
        ),
      ),
      h('h2', {}, '新建科室'),
      create,
    ),
  );
}
