import { choice, optionalText, text } from '../form-values';
import type { RegisterApplicationDto } from '../api-types';
import { field, form, h, input, select, today } from '../dom';
import { layout } from '../layout';
import { call, reference } from '../session';
import { registrationSuggestions } from '../related';

/** The codes of RegisterApplicationDto's choices (the selects list the server's, GET /api/reference). */
const APPLICANT_TYPES: Record<RegisterApplicationDto['applicantType'], true> = {
  natural_person: true,
  commercial_enterprise: true,
  research_institution: true,
  public_interest_org: true,
  legal_service_org: true,
  other_org: true,
};
const CHANNELS: Record<RegisterApplicationDto['channel'], true> = {
  in_person: true,
  registered_post: true,
  ordinary_letter: true,
  online_platform: true,
  email: true,
  fax: true,
};

export async function registerPage(): Promise<void> {
  const { channels, applicantTypes } = reference();
  const channelRule = h('p', { className: 'hint', id: 'channel-rule' }, channels[0]?.receiptRule);
  const channel = select('channel', channels);
  channel.addEventListener('change', () => {
    channelRule.textContent = channels.find((c) => c.code === channel.value)?.receiptRule ?? '';
  });
  const f = form(
    [
      field('申请人姓名或名称', input('applicantName')),
      field('申请人类型', select('applicantType', applicantTypes)),
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
      const body: RegisterApplicationDto = {
        applicantName: text(data, 'applicantName'),
        applicantType: choice(data, 'applicantType', APPLICANT_TYPES),
        applicantIdNumber: optionalText(data, 'applicantIdNumber'),
        applicantContact: optionalText(data, 'applicantContact'),
        channel: choice(data, 'channel', CHANNELS),
        receivedOn: text(data, 'receivedOn'),
        receiptEvidence: optionalText(data, 'receiptEvidence'),
        informationSought: text(data, 'informationSought'),
        deliveryPreference: optionalText(data, 'deliveryPreference'),
      };
      const created = await call('POST /api/applications', { body });
      location.hash = `#/applications/${created.id}`;
    },
  );
  // 相似申请: the applicant's earlier similar applications, shown as the registrar types (issue 16).
  const suggestions = registrationSuggestions(f);
  await layout(
    'register',
    h('div', {}, h('div', { className: 'card' }, h('h1', {}, '登记收到申请'), f), suggestions),
  );
}
