/** Connection options for the Temporal client (API) and the worker, from the validated config. */
import { readFileSync } from 'node:fs';
import type { TemporalConfig } from './config';

export interface TemporalTlsOptions {
  serverNameOverride?: string;
  serverRootCACertificate?: Buffer;
  clientCertPair?: { crt: Buffer; key: Buffer };
}

export interface TemporalConnectionOptions {
  address: string;
  tls?: TemporalTlsOptions | boolean;
  apiKey?: string;
}

export function temporalConnectionOptions(config: TemporalConfig): TemporalConnectionOptions {
  const options: TemporalConnectionOptions = { address: config.address };
  if (config.tls) {
    const tls: TemporalTlsOptions = {};
    if (config.tls.serverName) tls.serverNameOverride = config.tls.serverName;
    if (config.tls.serverCaPath) tls.serverRootCACertificate = readFileSync(config.tls.serverCaPath);
    if (config.tls.clientCertPath && config.tls.clientKeyPath) {
      tls.clientCertPair = {
        crt: readFileSync(config.tls.clientCertPath),
        key: readFileSync(config.tls.clientKeyPath),
      };
    }
    options.tls = Object.keys(tls).length ? tls : true;
  }
  if (config.apiKey) options.apiKey = config.apiKey;
  return options;
}

/** The workflow id of an application: one per agency and case number. */
export function applicationWorkflowId(agencyCode: string, caseNumber: string): string {
  return `application/${agencyCode}/${caseNumber}`;
}
