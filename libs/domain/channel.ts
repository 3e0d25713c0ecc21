/** Channels by which an application arrives, and the receipt-date rule of each (RULES.md §1, Art. 31). */
export const RECEIPT_CHANNELS = [
  'in_person',
  'registered_post',
  'ordinary_letter',
  'online_platform',
  'email',
  'fax',
] as const;

export type ReceiptChannel = (typeof RECEIPT_CHANNELS)[number];

export interface ReceiptChannelRule {
  label: string;
  /** What the receipt date (收到申请之日) is for this channel, as staff read it beside the date field. */
  receiptRule: string;
}

export const RECEIPT_CHANNEL_RULES: Record<ReceiptChannel, ReceiptChannelRule> = {
  in_person: { label: '当面提交', receiptRule: '以申请人提交政府信息公开申请之日为收到申请之日。' },
  registered_post: {
    label: '邮寄（挂号信、快递等需签收）',
    receiptRule: '以行政机关签收之日为收到申请之日（周五签收、周一登记的，仍以周五为准）。',
  },
  ordinary_letter: {
    label: '平常信函（无需签收）',
    receiptRule:
      '以行政机关与申请人确认之日为收到申请之日；政府信息公开工作机构应于收到当日与申请人确认，联系不上的，以联系上之日为准。',
  },
  online_platform: {
    label: '互联网渠道（在线平台）',
    receiptRule:
      '以双方确认之日为收到申请之日；平台规则未另行规定的，以平台确认提交成功之日为准，内部流转延误不影响。',
  },
  email: { label: '电子邮件', receiptRule: '以双方确认之日为收到申请之日。' },
  fax: { label: '传真', receiptRule: '以双方确认之日为收到申请之日。' },
};

export function isReceiptChannel(value: unknown): value is ReceiptChannel {
  return typeof value === 'string' && (RECEIPT_CHANNELS as readonly string[]).includes(value);
}

/** Channels whose submission instant is distinct from the receipt date and worth recording apart. */
export const CHANNELS_WITH_SUBMISSION_INSTANT: readonly ReceiptChannel[] = [
  'online_platform',
  'email',
  'fax',
];
