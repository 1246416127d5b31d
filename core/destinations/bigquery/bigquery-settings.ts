import { ConfigError } from '../../errors/config-error';
import type { ConfigIssue } from '../../errors/config-error';
import type { BigQueryCredentials } from './bigquery-credentials';

/**
 * BigQuery settings as read from the config/secrets providers (`DESTINATION__BIGQUERY__PROJECT_ID`,
 * `[destination.bigquery] project_id = …`) and the CLI (`--bigquery-project`, `--bigquery-location`,
 * `--bigquery-endpoint`). Both the `run` command and the service use this, so the names are spelled in one place.
 */
export interface BigQuerySettings {
  projectId?: string;
  location?: string;
  apiEndpoint?: string;
  credentials?: BigQueryCredentials | string;
}

/** The fields a destination section holds; what `resolveDestinationConfig('bigquery', …)` is asked for. */
export const BIGQUERY_FIELDS = [
  { name: 'project_id', secret: false },
  { name: 'location', secret: false },
  { name: 'api_endpoint', secret: false },
  { name: 'credentials', secret: true, fields: ['client_email', 'private_key', 'project_id', 'private_key_id', 'token_uri', 'type'] },
];

/** What reads a destination section: `ProviderSecretResolver` from core/secrets has this method. */
export interface DestinationSectionReader {
  resolveDestinationConfig(destination: string, fields: typeof BIGQUERY_FIELDS): Promise<{ values: Record<string, unknown> }>;
}

function text(value: unknown, path: string, issues: ConfigIssue[]): string | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string') {
    issues.push({ path, message: `expected a string, got ${typeof value}` });
    return undefined;
  }
  return value;
}

/** Settings from provider values (`project_id`, `location`, `api_endpoint`, `credentials`), CLI flags winning. */
export function bigQuerySettingsFrom(values: Record<string, unknown>, overrides: BigQuerySettings = {}): BigQuerySettings {
  const issues: ConfigIssue[] = [];
  const settings: BigQuerySettings = {};
  const projectId = overrides.projectId ?? text(values.project_id, 'destination.bigquery.project_id', issues);
  const location = overrides.location ?? text(values.location, 'destination.bigquery.location', issues);
  const apiEndpoint = overrides.apiEndpoint ?? text(values.api_endpoint, 'destination.bigquery.api_endpoint', issues);
  if (projectId !== undefined) settings.projectId = projectId;
  if (location !== undefined) settings.location = location;
  if (apiEndpoint !== undefined) settings.apiEndpoint = apiEndpoint;
  const credentials = overrides.credentials ?? values.credentials;
  if (credentials !== undefined && credentials !== null && credentials !== '') {
    if (typeof credentials === 'string' || typeof credentials === 'object') settings.credentials = credentials as BigQueryCredentials | string;
    else issues.push({ path: 'destination.bigquery.credentials', message: `expected a service-account JSON, got ${typeof credentials}` });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return settings;
}

/** Reads the `bigquery` destination section through the providers (env > secrets.toml > config.toml > keychain). */
export async function readBigQuerySettings(reader: DestinationSectionReader, overrides: BigQuerySettings = {}): Promise<BigQuerySettings> {
  const { values } = await reader.resolveDestinationConfig('bigquery', BIGQUERY_FIELDS);
  return bigQuerySettingsFrom(values, overrides);
}

/** Without a providers object (tests, embedders): the environment only, dlt's names. */
export function bigQuerySettingsFromEnv(env: Record<string, string | undefined>, overrides: BigQuerySettings = {}): BigQuerySettings {
  const prefix = 'DESTINATION__BIGQUERY__';
  const fields: Record<string, string> = {};
  for (const name of ['client_email', 'private_key', 'project_id', 'private_key_id', 'token_uri', 'type']) {
    const value = env[`${prefix}CREDENTIALS__${name.toUpperCase()}`];
    if (value) fields[name] = value;
  }
  const values: Record<string, unknown> = {
    project_id: env[`${prefix}PROJECT_ID`],
    location: env[`${prefix}LOCATION`],
    api_endpoint: env[`${prefix}API_ENDPOINT`],
    credentials: env[`${prefix}CREDENTIALS`] || (Object.keys(fields).length > 0 ? fields : undefined),
  };
  return bigQuerySettingsFrom(values, overrides);
}
