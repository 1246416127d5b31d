// Worker thread entry: normalizes the pages of one load package into its table files, so that normalizing runs on
// the second core while the main thread fetches and parses the next pages.
import { parentPort, workerData } from 'node:worker_threads';
import { SluiceError } from '../errors/sluice-error';
import { recordsOfBatchText } from './batch-text';
import { LoadPackage } from './load-package';
import type { FromNormalizeWorker, NormalizeWorkerInit, ToNormalizeWorker } from './normalize-worker-protocol';
import { PackageNormalizer } from './package-normalizer';

const init = workerData as NormalizeWorkerInit;
const port = parentPort!;
const pkg = new LoadPackage(init.packagesRoot, init.loadId, init.pipelineName);
const normalizer = new PackageNormalizer(pkg, init.schema, init.loadId, init.maxIdentifierLength, init.hints, init.existing, init.partBytes, { format: init.format });
normalizer.onPartClosed = (part) => send({ type: 'part', part });
let failed = false;
let sentVersion: number | undefined;
let chain = Promise.resolve();

const send = (message: FromNormalizeWorker): void => port.postMessage(message);

async function handle(message: ToNormalizeWorker): Promise<void> {
  if (message.type === 'batch') {
    const records = recordsOfBatchText(message);
    const before = normalizer.rows;
    await normalizer.push(message.resource, records);
    const schema = normalizer.schema;
    const changed = schema.version !== sentVersion;
    sentVersion = schema.version;
    send({ type: 'ack', records: records.length, rows: normalizer.rows - before, ...(changed ? { schema } : {}) });
  } else {
    send({ type: 'done', result: await normalizer.finish() });
  }
}

port.on('message', (message: ToNormalizeWorker) => {
  chain = chain.then(async () => {
    if (failed) return;
    try {
      await handle(message);
    } catch (error) {
      failed = true;
      normalizer.destroy();
      const data = error instanceof SluiceError
        ? error.toData()
        : { name: error instanceof Error ? error.name : 'Error', code: 'NORMALIZE_FAILED', message: error instanceof Error ? error.message : String(error) };
      send({ type: 'error', error: data });
    }
  });
});
