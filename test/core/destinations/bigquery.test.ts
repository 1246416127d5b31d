import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BigQueryDestination } from '../../../core/destinations/bigquery/bigquery-destination';
import { installLoopbackGuard } from '../../helpers/bigquery-emulator/loopback-guard';
import { startBigQueryEmulator, type BigQueryEmulator } from '../../helpers/bigquery-emulator/server';
import { describeDestination } from './destination-suite';

const guard = installLoopbackGuard();
let emulator: BigQueryEmulator;

beforeAll(async () => {
  emulator = await startBigQueryEmulator({ jobLatencyMs: 5 });
});

afterAll(async () => {
  await emulator.close();
  guard.uninstall();
  expect(guard.violations).toEqual([]);
});

function makeDestination(datasetName: string): BigQueryDestination {
  return new BigQueryDestination({ datasetName, projectId: 'sluice-test', apiEndpoint: emulator.url, pollIntervalMs: 2, maxPollIntervalMs: 10 });
}

describeDestination('bigquery (emulator)', makeDestination);

describe('BigQueryDestination', () => {
  it('talks to a loopback endpoint without Google auth', () => {
    expect(makeDestination('x').authMode).toBe('emulator');
  });
});
