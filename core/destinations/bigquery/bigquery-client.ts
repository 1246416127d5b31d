import { BigQuery } from '@google-cloud/bigquery';
import { PassThroughClient, type AuthClient } from 'google-auth-library';
import { ConfigError } from '../../errors/config-error';
import { redactor } from '../../http/redactor';
import { isLoopbackEndpoint, parseCredentials, type BigQueryCredentials } from './bigquery-credentials';

/** How the client authenticates: a service-account key, a given auth client, none (emulator), or ADC. */
export type AuthMode = 'service-account' | 'auth-client' | 'emulator' | 'adc';

export interface BigQueryClientOptions {
  projectId?: string;
  location: string;
  credentials?: BigQueryCredentials | string;
  apiEndpoint?: string;
  authClient?: AuthClient;
}

/**
 * The `@google-cloud/bigquery` client for the settings, refusing bad ones before anything talks to BigQuery:
 * credentials are parsed and checked, a project id is required (never guessed through `gcloud`), a loopback endpoint
 * without credentials gets `PassThroughClient` (no Google auth, no metadata-server probe), any other endpoint
 * needs credentials.
 */
export function createBigQueryClient(options: BigQueryClientOptions): { client: BigQuery; projectId: string; authMode: AuthMode } {
  let authMode: AuthMode;
  const credentials = options.credentials === undefined ? undefined : parseCredentials(options.credentials);
  const projectId = options.projectId ?? credentials?.project_id;
  if (!projectId) {
    throw new ConfigError([{ path: 'destination.bigquery.project_id', message: 'no BigQuery project id; set DESTINATION__BIGQUERY__PROJECT_ID (or `project_id` under `[destination.bigquery]`, or --bigquery-project)' }]);
  }
  const base: ConstructorParameters<typeof BigQuery>[0] = { projectId, location: options.location };
  if (options.apiEndpoint !== undefined) base.apiEndpoint = options.apiEndpoint.replace(/\/+$/, '');
  if (options.authClient) {
    authMode = 'auth-client';
    base.authClient = options.authClient;
  } else if (credentials) {
    authMode = 'service-account';
    base.credentials = { client_email: credentials.client_email, private_key: credentials.private_key };
  } else if (options.apiEndpoint !== undefined) {
    if (!isLoopbackEndpoint(options.apiEndpoint)) {
      throw new ConfigError([{
        path: 'destination.bigquery.credentials',
        message: `the BigQuery endpoint \`${redactor.redactUrl(options.apiEndpoint)}\` is not a loopback address, so it needs credentials; set DESTINATION__BIGQUERY__CREDENTIALS (service-account JSON) or its fields __CLIENT_EMAIL and __PRIVATE_KEY`,
      }]);
    }
    // An emulator on this machine: no Google auth at all (no metadata-server probe, no token).
    authMode = 'emulator';
    base.authClient = new PassThroughClient();
  } else {
    authMode = 'adc';
  }
  return { client: new BigQuery(base), projectId, authMode };
}
