/** Tests only: a local SMTP server standing for an agency's mail server; it keeps every message it receives. */
import { SMTPServer } from 'smtp-server';
import { freePort } from '../../platform/processes';

export interface ReceivedMail {
  to: string[];
  data: string;
}

export interface Mailbox {
  port: number;
  /** Every message received so far, in order. */
  mails: ReceivedMail[];
  close(): Promise<void>;
}

export async function startMailbox(): Promise<Mailbox> {
  const port = await freePort();
  const mails: ReceivedMail[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, session, callback) {
      let data = '';
      stream.setEncoding('utf8');
      stream.on('data', (c: string) => (data += c));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(port, '127.0.0.1', resolve));
  return { port, mails, close: () => new Promise<void>((resolve) => smtp.close(() => resolve())) };
}
