import { field, form, h, input, select, today } from '../dom';
import { layout } from '../layout';
import { type Json, api, session } from '../session';

export async function registerPage(): Promise<void> {
  const channelRule = h(
    'p',
    { className: 'hint', id: 'channel-rule' },
    session.reference.channels[0].receiptRule,
  );
  const channel = select('channel', session.reference.channels);
  channel.addEventListener('change', () => {
    channelRule.textContent = session.reference.channels.find(
      (c: Json) => c.code === channel.value,
    ).receiptRule;
  });
  const f = form(
    [
      field('申请人姓名或名称', input('applicantName')),
      field('申请人类型', select('applicantType', session.reference.applicantTypes)),
      field('证件号码', input('applicantIdNumber')),
      field('联系方式', input('applicantContact')),
      field('申请渠道', channel),
      h(
        'div',
        {},
        h('label', {}, '收到申请日期'),
        input('receivedOn', { type: 'date', value: today(), max: today() }),
        channelRule,
      ),
      field('收到凭证（签收单、快递单号、平台确认等）', input('receiptEvidence')),
      field('所需信息的内容描述', h('textarea', { name: 'informationSought', id: 'f-informationSought' })),
      field('获取信息的方式', input('deliveryPreference'), '如：纸质、电子邮件、邮寄'),
    ],
    '登记',
    async (data) => {
      const created = await api('POST', '/applications', data);
      location.hash = `#/applications/${created.id}`;
    },
  );
  await layout('register', h('div', { className: 'card' }, h('h1', {}, '登记收到申请'), f));
}
