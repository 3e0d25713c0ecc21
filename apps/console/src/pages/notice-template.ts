import type { NoticeTemplateDto } from '../api-types';
import { field, form, h, input, select } from '../dom';
import { choiceValue, optionalText, text } from '../form-values';
import { layout } from '../layout';
import { call, labelIn, reference } from '../session';

const SERIAL_STYLES: ReadonlyArray<NoticeTemplateDto['serialStyle']> = ['plain', 'ordinal'];

// ---------- 正式文书模板 (issue 11) ----------

/** Admins: the agency's notice template — its name, seal text, number scheme, closing paragraph. */
export async function noticeTemplatePage(): Promise<void> {
  const t = await call('GET /api/notice-templates');
  const kinds = Object.keys(t.examples);
  const codes = t.kindCodes ?? {};
  const done = h('div');
  const examples = h(
    'table',
    {},
    h('tr', {}, h('th', {}, '文书'), h('th', {}, '文种代字'), h('th', {}, '文号示例')),
    ...kinds.map((k) =>
      h(
        'tr',
        {},
        h('td', {}, labelIn(reference().noticeKinds, k)),
        h('td', {}, input(`code-${k}`, { value: codes[k] ?? '', maxlength: 4, size: 4 })),
        h('td', {}, t.examples[k]),
      ),
    ),
  );
  const closing = h('textarea', {
    name: 'closingParagraph',
    id: 'f-closingParagraph',
  }) as HTMLTextAreaElement;
  closing.value = t.closingParagraph ?? '';
  const f = form(
    [
      field('落款机关名称', input('agencyDisplayName', { value: t.agencyDisplayName })),
      field('印章文字', input('sealText', { value: t.sealText })),
      field('文号前缀', input('numberPrefix', { value: t.numberPrefix }), '文种代字之前的部分，如 X政信'),
      field(
        '序号格式',
        select(
          'serialStyle',
          [
            { code: 'plain', label: '〔2026〕3号' },
            { code: 'ordinal', label: '〔2026〕第3号' },
          ],
          {},
        ),
      ),
      field('文种代字与文号示例', examples, '文号按机关、文书种类和年度连续编号，不留空号'),
      field('结尾段落（联系方式等，可空）', closing),
    ],
    '保存模板',
    async (data) => {
      const kindCodes: Record<string, string> = {};
      for (const k of kinds) {
        const v = data[`code-${k}`];
        if (typeof v === 'string' && v.trim()) kindCodes[k] = v.trim();
      }
      await call('PUT /api/notice-templates', {
        body: {
          agencyDisplayName: text(data, 'agencyDisplayName'),
          sealText: text(data, 'sealText'),
          numberPrefix: text(data, 'numberPrefix'),
          serialStyle: choiceValue(data, 'serialStyle', SERIAL_STYLES) ?? 'plain',
          kindCodes,
          closingParagraph: optionalText(data, 'closingParagraph') ?? null,
        },
      });
      done.replaceChildren(
        h('div', { className: 'ok', role: 'status' }, '模板已保存，此后生成的文书使用新模板。'),
      );
    },
  );
  (f.querySelector('[name="serialStyle"]') as HTMLSelectElement).value = t.serialStyle ?? 'plain';
  await layout(
    'notice-template',
    h(
      'div',
      { className: 'card' },
      h('h1', {}, '正式文书模板'),
      t.saved ? null : h('p', { className: 'muted' }, '尚未保存：以下为按机关名称生成的默认模板。'),
      f,
      done,
    ),
  );
}
