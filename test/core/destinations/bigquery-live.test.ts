import { afterAll, describe, it } from 'vitest';
import { BigQueryDestination } from '../../../core/destinations/bigquery/bigquery-destination';
import { bigQuerySettingsFromEnv } from '../../../core/destinations/bigquery/bigquery-settings';
import { describeDestination } from './destination-suite';

/**
 * The destination suite against real BigQuery. It runs only when credentials are in the environment
 * (DESTINATION__BIGQUERY__CREDENTIALS, or its __CLIENT_EMAIL/__PRIVATE_KEY fields) and no API endpoint is set;
 * every dataset it creates (and its `_staging` twin) is deleted afterwards. It costs a few cents of BigQuery.
 */
const settings = bigQuerySettingsFromEnv(process.env);
const live = settings.credentials !== undefined && settings.apiEndpoint === undefined;
const SKIP_REASON = 'skipped: no BigQuery credentials in the environment (set DESTINATION__BIGQUERY__CREDENTIALS or __CREDENTIALS__CLIENT_EMAIL/__PRIVATE_KEY, and DESTINATION__BIGQUERY__PROJECT_ID unless the key has one)';

const created: BigQueryDestination[] = [];

if (live) {
  describeDestination('bigquery (live)', (dataset) => {
    const destination = new BigQueryDestination({ datasetName: `sluice_live_${dataset}`, ...settings, pollIntervalMs: 500 });
    created.push(destination);
    return destination;
  });
  afterAll(async () => {
    for (const d of created) {
      for (const name of [d.datasetName, d.stagingDatasetName]) {
        await d['client'].dataset(name).delete({ force: true }).catch(() => undefined);
      }
    }
  }, 300_000);
} else {
  describe('bigquery (live)', () => {
    it.skip(SKIP_REASON, () => undefined);
  });
}
