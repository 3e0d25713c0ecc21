import type { ImportJobDto, ImportRejectedDto } from '../api-types';
import { ApiError, dataTable, errorText, h } from '../dom';
import { layout } from '../layout';
import { call, session } from '../session';

// ---------- 历史数据导入 (issue 11) ----------

export const IMPORT_COLUMNS: Array<[string, string, string]> = [
  ['案件编号', '必填', '本机关的案件编号，同一机关内唯一'],
  ['申请人类型', '必填', '自然人、商业企业、科研机构、社会公益组织、法律服务机构、其他'],
  ['申请渠道', '必填', '当面提交、邮寄、平常信函、互联网渠道、电子邮件、传真'],
  ['收到申请日期', '必填', '如 2025-03-18、2025/3/18、2025年3月18日'],
  ['办理结果', '已办结的必填', '年度报告表三的办理结果，如 予以公开、不予公开 · 属于国家秘密（或结果代码）'],
  ['办结日期', '已办结的必填', '不得早于收到申请日期'],
  [
    '办理状态',
    '可选',
    '已办结；未办结的：已登记、办理中、待补正、征求意见中、已延期（按实际收到日期和下列办理步骤日期接续计算期限）',
  ],
  ['申请人、申请内容', '可选', '可留空'],
  [
    '告知补正日期、补正期限（工作日）、补正事项、收到补正日期',
    '未办结的可选',
    '待补正的必填告知补正日期；补正期限留空按15个工作日',
  ],
  [
    '征求意见类型、征求意见对象、征求意见日期、收到意见日期、意见',
    '未办结的可选',
    '征求意见中的必填征求意见日期；类型为 第三方 或 其他机关，意见为 同意 或 不同意',
  ],
  ['延期日期、延期理由', '未办结的可选', '已延期的必填延期日期（延长20个工作日）'],
];

/** Admins: upload a spreadsheet of past applications; the problems by row, the progress of the import. */
export async function importsPage(): Promise<void> {
  const jobs = await call('GET /api/imports');
  const message = h('div', {});
  const progress = h('div', {});
  const file = h('input', {
    type: 'file',
    accept: '.xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    'aria-label': '选择文件',
  }) as HTMLInputElement;
  const showJob = (job: ImportJobDto) => {
    const pct = job.total ? Math.round((job.done / job.total) * 100) : 100;
    progress.replaceChildren(
      h(
        'p',
        {},
        `${job.filename}：${job.statusLabel}，已处理 ${job.done} / ${job.total} 行（新导入 ${job.imported} 件）`,
      ),
      h('progress', { max: 100, value: pct, 'aria-label': '导入进度' }),
    );
  };
  const poll = async (id: string) => {
    for (;;) {
      const job = await call('GET /api/imports/{id}', { params: { id } });
      showJob(job);
      if (job.status !== 'running') return;
      await new Promise((r) => setTimeout(r, 1000));
    }
  };
  const upload = async (ev: Event) => {
    ev.preventDefault();
    message.replaceChildren();
    progress.replaceChildren();
    const f = file.files?.[0];
    if (!f) {
      message.replaceChildren(h('div', { className: 'error', role: 'alert' }, '请先选择 .xlsx 或 .csv 文件'));
      return;
    }
    const isXlsx = /\.xlsx$/i.test(f.name);
    const res = await fetch(`/api/imports?filename=${encodeURIComponent(f.name)}`, {
      method: 'POST',
      headers: {
        'content-type': isXlsx
          ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'
          : 'text/csv',
        authorization: `Bearer ${session.token}`,
      },
      body: f,
    });
    // The raw file is the body, so not `call`: the answer as POST /api/imports documents it per status.
    const data: unknown = await res.json().catch(() => null);
    if (res.status === 422) {
      const rejected = data as ImportRejectedDto;
      message.replaceChildren(
        h('div', { className: 'error', role: 'alert' }, rejected.message),
        dataTable(
          { className: 'import-problems' },
          ['行号', '列', '问题'],
          rejected.problems.map((p) =>
            h('tr', {}, h('td', {}, p.row), h('td', {}, p.column), h('td', {}, p.message)),
          ),
        ),
      );
      return;
    }
    if (!res.ok) {
      message.replaceChildren(
        h('div', { className: 'error', role: 'alert' }, errorText(new ApiError(res.status, data))),
      );
      return;
    }
    const job = data as ImportJobDto;
    if (job.duplicate) message.replaceChildren(h('p', {}, '该文件已导入过，本次未重复导入。'));
    await poll(job.id);
  };
  await layout(
    'imports',
    h(
      'section',
      {},
      h('h1', {}, '历史数据导入'),
      h(
        'p',
        {},
        '上传以往办理的依申请公开申请（.xlsx 的第一个工作表，或 UTF-8 / GB18030 编码的 .csv），第1行为表头。全部行校验通过后才会导入；有问题时逐行列出，不导入任何数据。同一文件只导入一次。',
      ),
      dataTable(
        {},
        ['列（表头）', '是否必填', '说明'],
        IMPORT_COLUMNS.map(([c, r, d]) => h('tr', {}, h('td', {}, c), h('td', {}, r), h('td', {}, d))),
      ),
      h(
        'form',
        { onsubmit: (ev: Event) => void upload(ev) },
        file,
        h('button', { type: 'submit' }, '上传并导入'),
      ),
      message,
      progress,
      h('h2', {}, '导入记录'),
      jobs.length === 0
        ? h('p', {}, '尚无导入记录。')
        : dataTable(
            {},
            ['文件', '状态', '行数', '新导入', '上传人', '时间'],
            jobs.map((j) =>
              h(
                'tr',
                {},
                h('td', {}, j.filename),
                h('td', {}, j.statusLabel),
                h('td', {}, j.total),
                h('td', {}, j.imported),
                h('td', {}, j.createdBy ?? ''),
                h('td', {}, new Date(j.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })),
              ),
            ),
          ),
    ),
  );
  const running = jobs.find((j) => j.status === 'running');
  if (running) await poll(running.id);
}
