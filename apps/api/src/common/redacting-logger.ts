/**
 * Issue 10: the API's Nest logger, redacting every message (platform/redact: no connection string
 * password, applicant ID number or password hash in a log line).
 */
import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { redactValue } from '../../../../platform/redact';

export class RedactingLogger extends ConsoleLogger {
  constructor(levels: LogLevel[]) {
    super();
    this.setLogLevels(levels);
  }

  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
  ): void {
    super.printMessages(
      messages.map(redactValue),
      context,
      logLevel,
      writeStreamType,
      errorStack === undefined ? undefined : redactValue(errorStack),
    );
  }

  protected override printStackTrace(stack: string): void {
    super.printStackTrace(stack ? redactValue(stack) : stack);
  }
}
