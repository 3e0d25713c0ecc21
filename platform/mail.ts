/** Sending one e-mail through the configured SMTP server (OGI_SMTP_URL, OGI_SMTP_FROM). */
import { createTransport } from 'nodemailer';
import type { NotificationConfig } from './config';

export interface Mail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

export async function sendMail(
  config: Pick<NotificationConfig, 'smtpUrl' | 'smtpFrom'>,
  mail: Mail,
): Promise<void> {
  if (!config.smtpUrl) throw new Error('SMTP not configured');
  const transport = createTransport(config.smtpUrl);
  try {
    await transport.sendMail({ from: config.smtpFrom, ...mail });
  } finally {
    transport.close();
  }
}
