import { homedir } from 'node:os';
import { redactor } from '../../http/redactor';
import { createSecretResolver } from '../../secrets/secret-resolver';
import type { BigQueryDestinationConfig } from '../destination-config';
import { isLoopbackEndpoint } from './bigquery-credentials';
import { readBigQuerySettings, type BigQuerySettings } from './bigquery-settings';

/** The `sluice run` flags for BigQuery, for `parseArgs` (spread into its `options`). */
export const BIGQUERY_CLI_OPTIONS = {
  'bigquery-project': { type: 'string' },
  'bigquery-location': { type: 'string' },
  'bigquery-endpoint': { type: 'string' },
} as const;

export const BIGQUERY_CLI_USAGE = `  --bigquery-project ID   BigQuery project (or DESTINATION__BIGQUERY__PROJECT_ID, or the credentials' project_id)
  --bigquery-location LOC BigQuery location for a new dataset and for jobs (default: US)
  --bigquery-endpoint URL another BigQuery endpoint, e.g. the local emulator http://127.0.0.1:9050
                          (or DESTINATION__BIGQUERY__API_ENDPOINT); credentials come from
                          DESTINATION__BIGQUERY__CREDENTIALS or .sluice/secrets.toml [destination.bigquery]`;

export interface BigQueryCliInit {
  /** Parsed flags (`bigquery-project`, `bigquery-location`, `bigquery-endpoint`). */
  values: Record<string, unknown>;
  datasetName: string;
  pipelineName: string;
  cwd: string;
  env: Record<string, string | undefined>;
  onNotice?: (message: string) => void;
}

/**
 * The BigQuery destination config of a CLI run: flags win over the providers (env > .sluice/secrets.toml >
 * .sluice/config.toml > keychain), which is where credentials come from.
 */
export async function bigQueryConfigForCli(init: BigQueryCliInit): Promise<BigQueryDestinationConfig> {
  const overrides: BigQuerySettings = {};
  const flag = (name: string): string | undefined => (typeof init.values[name] === 'string' ? init.values[name] : undefined);
  const project = flag('bigquery-project');
  const location = flag('bigquery-location');
  const endpoint = flag('bigquery-endpoint');
  if (project) overrides.projectId = project;
  if (location) overrides.location = location;
  if (endpoint) overrides.apiEndpoint = endpoint;
  const resolver = createSecretResolver({
    cwd: init.cwd,
    homeDir: init.env.HOME || init.env.USERPROFILE || homedir(),
    env: init.env,
    redactor,
    ...(init.onNotice ? { onNotice: init.onNotice } : {}),
  });
  const settings = await readBigQuerySettings(resolver, overrides);
  const config: BigQueryDestinationConfig = { type: 'bigquery', datasetName: init.datasetName, pipelineName: init.pipelineName };
  if (settings.projectId) config.projectId = settings.projectId;
  if (settings.location) config.location = settings.location;
  if (settings.apiEndpoint) config.apiEndpoint = settings.apiEndpoint;
  if (settings.credentials !== undefined) config.credentials = settings.credentials as BigQueryDestinationConfig['credentials'];
  if (settings.apiEndpoint && settings.credentials === undefined && isLoopbackEndpoint(settings.apiEndpoint)) {
    init.onNotice?.(`BigQuery endpoint ${settings.apiEndpoint} is a loopback address (an emulator): no Google authentication is used`);
  }
  return config;
}
