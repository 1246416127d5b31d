import { createPrivateKey } from 'node:crypto';
import { ConfigError } from '../../errors/config-error';
import { redactor } from '../../http/redactor';

/** The fields of a service-account key file that the client needs. */
export interface BigQueryCredentials {
  client_email: string;
  private_key: string;
  project_id?: string;
  [field: string]: unknown;
}

const SET_CREDENTIALS =
  'set DESTINATION__BIGQUERY__CREDENTIALS to the service-account JSON, or DESTINATION__BIGQUERY__CREDENTIALS__CLIENT_EMAIL and ' +
  '__PRIVATE_KEY (or `[destination.bigquery.credentials]` in .sluice/secrets.toml)';

function credentialError(message: string): ConfigError {
  return new ConfigError([{ path: 'destination.bigquery.credentials', message: `${message}; ${SET_CREDENTIALS}` }]);
}

/**
 * Checks a service-account key before anything talks to BigQuery: it must be JSON (or an object) with a
 * `client_email` and a PEM `private_key` that parses. The key is registered with the redactor.
 */
export function parseCredentials(value: BigQueryCredentials | string): BigQueryCredentials {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      throw credentialError('the BigQuery credentials are not valid JSON (expected a service-account key file\'s content)');
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw credentialError('the BigQuery credentials must be a JSON object');
  const creds = parsed as Record<string, unknown>;
  const missing = ['client_email', 'private_key'].filter((k) => typeof creds[k] !== 'string' || creds[k] === '');
  if (missing.length > 0) throw credentialError(`the BigQuery credentials lack ${missing.map((m) => `\`${m}\``).join(' and ')}`);
  // Keys pasted into env vars often carry literal `\n`.
  const privateKey = (creds.private_key as string).replace(/\\n/g, '\n');
  redactor.registerSecret(creds.private_key as string);
  redactor.registerSecret(privateKey);
  try {
    createPrivateKey(privateKey);
  } catch {
    throw credentialError(`the \`private_key\` of the BigQuery credentials for \`${String(creds.client_email)}\` is not a valid PEM private key`);
  }
  return { ...creds, client_email: creds.client_email as string, private_key: privateKey } as BigQueryCredentials;
}

/** 127.0.0.0/8, ::1 and localhost: where an emulator may run without Google auth. */
export function isLoopbackEndpoint(endpoint: string): boolean {
  let host: string;
  try {
    host = new URL(endpoint).hostname;
  } catch {
    throw new ConfigError([{ path: 'destination.bigquery.api_endpoint', message: `expected a URL such as http://127.0.0.1:9050, got \`${endpoint}\`` }]);
  }
  return /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]' || host === '::1' || host.toLowerCase() === 'localhost';
}
