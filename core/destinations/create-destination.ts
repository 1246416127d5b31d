import { resolve } from 'node:path';
import { DestinationError } from '../errors/destination-error';
import type { Logger } from '../logger';
import type { Destination } from './destination';
import type { DestinationConfig } from './destination-config';
import type { BigQueryCredentials } from './bigquery/bigquery-credentials';

export interface CreateDestinationOptions {
  logger?: Logger;
}

/** The database file of a DuckDB destination: the given path, else `<pipelineName>.duckdb` in the working directory. */
export function duckDbPath(config: { path?: string; pipelineName?: string }): string {
  if (config.path !== undefined && config.path !== '') return config.path === ':memory:' ? ':memory:' : resolve(config.path);
  if (config.pipelineName) return resolve(`${config.pipelineName}.duckdb`);
  throw new DestinationError({
    destination: 'duckdb', operation: 'configuring',
    problem: 'expected `path` (a database file or `:memory:`) or `pipelineName` (for `<pipelineName>.duckdb`), got neither',
  });
}

/**
 * Builds a destination from its settings; not opened yet (call `open()`, then `ensureDataset()`). Implementations
 * are imported lazily so DuckDB never loads the BigQuery client and the other way round.
 */
export async function createDestination(config: DestinationConfig, options: CreateDestinationOptions = {}): Promise<Destination> {
  switch (config.type) {
    case 'duckdb': {
      const { DuckDbDestination } = await import('./duckdb/duckdb-destination');
      const init: { path: string; datasetName: string; logger?: Logger } = { path: duckDbPath(config), datasetName: config.datasetName };
      if (options.logger) init.logger = options.logger;
      return new DuckDbDestination(init);
    }
    case 'bigquery': {
      const { BigQueryDestination } = await import('./bigquery/bigquery-destination');
      const { type: _type, pipelineName: _pipelineName, credentials, ...settings } = config;
      return new BigQueryDestination({
        ...settings,
        ...(credentials === undefined ? {} : { credentials: credentials as BigQueryCredentials | string }),
        ...(options.logger ? { logger: options.logger } : {}),
      });
    }
    default: {
      const type: string = (config as { type: string }).type;
      throw new DestinationError({ destination: String(type), operation: 'configuring', problem: `unknown destination type \`${type}\`; valid values are: duckdb, bigquery` });
    }
  }
}
