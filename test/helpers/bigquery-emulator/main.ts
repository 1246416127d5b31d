import { startBigQueryEmulator } from './server';

/** `npm run bigquery-emulator -- --port P [--db FILE] [--job-latency-ms N]`: the emulator as a standalone server. */
function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new Error(`${name} needs a value`);
  return value;
}

const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log('Usage: npm run bigquery-emulator -- [--port P] [--db FILE] [--job-latency-ms N]\n' +
    'A local BigQuery REST emulator on 127.0.0.1, backed by DuckDB (:memory: unless --db is given).');
  process.exit(0);
}
const port = Number(option(args, '--port') ?? 9050);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be an integer from 0 to 65535, got \`${option(args, '--port')}\``);
  process.exit(2);
}
const emulator = await startBigQueryEmulator({
  port,
  dbPath: option(args, '--db'),
  jobLatencyMs: Number(option(args, '--job-latency-ms') ?? 0),
});
console.log(`BigQuery emulator listening on ${emulator.url}`);
console.log(`Try: DESTINATION__BIGQUERY__API_ENDPOINT=${emulator.url} DESTINATION__BIGQUERY__PROJECT_ID=local npm run sluice -- run <config.json> --pipeline-name NAME --destination bigquery`);
const stop = (): void => { void emulator.close().then(() => process.exit(0)); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
