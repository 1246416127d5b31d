import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../errors/config-error';
import { PipelineStepError } from '../../errors/pipeline-step-error';
import { LoadPackageError } from '../../errors/load-package-error';
import { isSluiceError } from '../../errors/sluice-error';
import { redactor } from '../../http/redactor';
import { createDestination } from '../../destinations/create-destination';
import { BIGQUERY_CLI_OPTIONS, BIGQUERY_CLI_USAGE, bigQueryConfigForCli } from '../../destinations/bigquery/bigquery-cli-options';
import { pipeline } from '../../pipeline/pipeline';
import { defaultPipelinesDir } from '../../pipeline/pipeline-storage';
import type { LoadInfo } from '../../pipeline/load-info';
import { RunProgressView } from '../../pipeline/run-progress-view';
import { normalizeIdentifier } from '../../schema/naming';
import { cliLogger } from '../cli-logger';
import { loadSourceForCli } from '../source-loader';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command';
import { confirm } from '../confirm';

const USAGE = `Usage: sluice run <config.json> --pipeline-name NAME [--dataset-name NAME] [--destination duckdb|bigquery]
                  [--duckdb-path FILE] [--bigquery-project ID] [--bigquery-location LOC] [--bigquery-endpoint URL]
                  [--pipelines-dir DIR] [--resource NAME]... [--limit N] [--json] [--source-name NAME] [--verbose]

Runs a pipeline: extracts every selected resource of the source config, normalizes the records into tables and
loads them into the destination, with the incremental state committed in the same transaction. A run first
finishes any load package a failed or killed run left behind.

Options:
  --pipeline-name NAME  the pipeline: its state and pending packages live in <pipelines-dir>/NAME
  --dataset-name NAME   the dataset (DuckDB schema) to load into (default: NAME_dataset), in snake_case as dlt names it
  --destination TYPE    duckdb (the default) or bigquery
  --duckdb-path FILE    the DuckDB database file (default: ./NAME.duckdb); \`:memory:\` for a throw-away run
${BIGQUERY_CLI_USAGE}
  --pipelines-dir DIR   where pipelines live (default: ~/.sluice/pipelines, or $SLUICE_PIPELINES_DIR)
  --resource NAME       run only this resource (repeatable)
  --limit N             at most N pages per resource (a sample run; the cursor still advances)
  --json                print the load info as one JSON document on stdout
  --source-name NAME    the secrets section (default: the config file's base name in snake_case, github.json → github)
  --verbose             say where each secret came from (environment, secrets.toml, config.toml, keychain; never the value)
                        and log informational lines

Progress goes to stderr: a live line on a terminal, plain log lines otherwise, and warnings as they happen (each
retry and why). When a pending load package is corrupt, a terminal session is asked whether to drop it and go on
(elsewhere: \`sluice drop-pending\`).
Exit codes: 0 success, 2 config or usage error, 1 the run failed (the failed step and the reason are printed).`;

const DESTINATIONS = ['duckdb', 'bigquery'];

export const runCommand: CliCommand = {
  name: 'run',
  summary: 'extract, normalize and load a source config into DuckDB (finishing any pending load first)',
  usage: USAGE,
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args, strict: true, allowPositionals: true,
      options: {
        'pipeline-name': { type: 'string' }, 'dataset-name': { type: 'string' }, destination: { type: 'string' },
        'duckdb-path': { type: 'string' }, 'pipelines-dir': { type: 'string' }, resource: { type: 'string', multiple: true },
        limit: { type: 'string' }, json: { type: 'boolean' }, 'source-name': { type: 'string' }, verbose: { type: 'boolean' },
        ...BIGQUERY_CLI_OPTIONS,
      },
    });
    const issues: { path: string; message: string }[] = [];
    const configPath = positionals[0];
    if (!configPath) issues.push({ path: '<config.json>', message: 'a source config file is required: expected `sluice run <config.json> --pipeline-name NAME`' });
    if (positionals.length > 1) issues.push({ path: '<config.json>', message: `expected one config file, got ${positionals.length}: ${positionals.join(', ')}` });
    const pipelineName = values['pipeline-name'];
    if (!pipelineName) issues.push({ path: '--pipeline-name', message: '`--pipeline-name` is required: expected a name such as `github_issues`, got nothing' });
    const destinationType = values.destination ?? 'duckdb';
    if (!DESTINATIONS.includes(destinationType)) {
      issues.push({ path: '--destination', message: `unknown destination \`${destinationType}\`; valid values are: ${DESTINATIONS.join(', ')}` });
    }
    let limit: number | undefined;
    if (values.limit !== undefined) {
      limit = Number(values.limit);
      if (!Number.isInteger(limit) || limit <= 0) issues.push({ path: '--limit', message: `\`--limit\` must be a positive whole number of pages, got \`${values.limit}\`` });
    }
    if (issues.length > 0 || !configPath || !pipelineName) throw new ConfigError(issues);

    const view = new RunProgressView(io.stderr, Boolean(io.stderr.isTTY));
    // The source selects `--resource`s itself (their parents come along unselected) and rejects unknown names.
    const source = await loadSourceForCli(resolve(io.cwd, configPath), io, {
      logger: cliLogger((line) => view.log(line), { verbose: Boolean(values.verbose) }),
      ...(values.resource ? { resources: values.resource } : {}),
      ...(values['source-name'] ? { sourceName: values['source-name'] } : {}),
      ...(values.verbose ? { verbose: true } : {}),
    });
    // dlt normalizes dataset names with its naming convention (`My-Data` → `my_data`), so a dataset it loaded and
    // one Sluice loads for the same name are the same.
    const givenDataset = values['dataset-name'] ?? `${pipelineName}_dataset`;
    const datasetName = normalizeIdentifier(givenDataset);
    if (values['dataset-name'] !== undefined && datasetName !== givenDataset) {
      view.log(`notice: dataset \`${givenDataset}\` is named \`${datasetName}\` in the destination (dlt's naming convention)`);
    }
    const duckdbPath = values['duckdb-path'] === ':memory:' ? ':memory:' : resolve(io.cwd, values['duckdb-path'] ?? `${pipelineName}.duckdb`);
    const destination = await createDestination(destinationType === 'bigquery'
      ? await bigQueryConfigForCli({ values, datasetName, pipelineName, cwd: io.cwd, env: io.env, onNotice: (m) => io.stderr.write(`notice: ${redactor.redactText(m)}\n`) })
      : { type: 'duckdb', datasetName, path: duckdbPath, pipelineName });
    const pipelinesDir = values['pipelines-dir'] ? resolve(io.cwd, values['pipelines-dir']) : defaultPipelinesDir(io.env);
    const p = pipeline({ pipelineName, destination, datasetName, pipelinesDir });
    for (const warning of source.warnings) view.log(`warning: ${redactor.redactText(warning)}`);

    const controller = new AbortController();
    const onSignal = (): void => controller.abort(new Error('interrupted'));
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    let info: LoadInfo;
    try {
      const options: Parameters<typeof p.run>[1] = { signal: controller.signal, onProgress: (e) => view.update(e) };
      if (limit !== undefined) options.limits = { maxPages: limit };
      try {
        info = await p.run(source, options);
      } catch (error) {
        // A corrupt pending package blocks every run: on a terminal, offer to drop it and go on.
        const corrupt = corruptLoadId(error);
        if (!corrupt || !io.stdin.isTTY) throw error;
        view.finish();
        io.stderr.write(`sluice run: ${redactor.redactText(error instanceof Error ? error.message : String(error))}\n`);
        if (!(await confirm(io, `Drop load package ${corrupt} and run again? Its data was never loaded. [y/N] `))) {
          // The error was shown just above: say what was kept rather than show it twice.
          io.stderr.write(`kept load package ${corrupt}: every run stops at it until it is dropped\n`);
          return EXIT_FAILURE;
        }
        const dropped = await p.dropPending([corrupt]);
        const later = dropped.filter((id) => id !== corrupt);
        io.stderr.write(`dropped load package ${corrupt}${later.length > 0 ? ` and ${later.join(', ')}, extracted after it (their incremental state builds on it)` : ''}\n`);
        info = await p.run(source, options);
      }
    } catch (error) {
      view.finish();
      if (isSluiceError(error) && error.code === 'CONFIG_INVALID') throw error;
      const message = redactor.redactText(error instanceof Error ? error.message : String(error));
      // A step error's message starts with the step (`extract of resource `items` failed …`).
      io.stderr.write(`sluice run: ${error instanceof PipelineStepError ? '' : 'run failed: '}${message}\n`);
      // "Nothing was loaded" speaks of the failed package: a pending one this run finished first is committed.
      const before = error instanceof PipelineStepError ? (error.loadInfo as LoadInfo | undefined) : undefined;
      if (before && before.load_ids.length > 0) {
        const rows = Object.values(before.tables).reduce((a, b) => a + b, 0);
        io.stderr.write(`sluice run: before that, this run loaded ${before.load_ids.length === 1 ? 'the pending package' : 'the pending packages'} ` +
          `${before.load_ids.join(', ')} (${rows.toLocaleString('en-US')} rows), which stay committed\n`);
      }
      return EXIT_FAILURE;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await p.close();
    }
    view.finish();
    if (values.json) {
      const doc = {
        pipeline_name: info.pipeline_name, dataset_name: info.dataset_name, destination: info.destination,
        load_ids: info.load_ids, tables: info.tables, schema_changes: info.schema_changes, elapsed_ms: info.elapsed_ms,
      };
      io.stdout.write(JSON.stringify(doc) + '\n');
    } else {
      io.stdout.write(summaryTable(info, destination.type === 'duckdb' ? duckdbPath : destination.type) + '\n');
    }
    return EXIT_OK;
  },
};

/** The load id of a corrupt package behind `error`, if that is what failed. */
function corruptLoadId(error: unknown): string | undefined {
  for (let e: unknown = error; e; e = (e as { cause?: unknown }).cause) {
    if (e instanceof LoadPackageError && e.loadId !== '-') return e.loadId;
  }
  return undefined;
}

function summaryTable(info: LoadInfo, where: string): string {
  const rows = Object.entries(info.tables);
  const width = Math.max(5, ...rows.map(([t]) => t.length));
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  const lines = [
    `Pipeline \`${info.pipeline_name}\` loaded ${info.load_ids.length} package(s) into ${info.destination} dataset \`${info.dataset_name}\` (${where})`,
    `load ids: ${info.load_ids.join(', ') || 'none (nothing new)'}`,
    '',
    ...(rows.length === 0 ? [] : [
      `${'table'.padEnd(width)}  rows loaded`,
      `${'-'.repeat(width)}  -----------`,
      ...rows.map(([t, n]) => `${t.padEnd(width)}  ${n.toLocaleString('en-US').padStart(11)}`),
      '',
    ]),
  ];
  const newTables = info.schema_changes.filter((c) => c.kind === 'new_table').length;
  const newColumns = info.schema_changes.length - newTables;
  lines.push(`schema changes: ${newTables} new table(s), ${newColumns} new column(s)`);
  const records = Object.values(info.records).reduce((a, b) => a + b, 0);
  lines.push(`${records.toLocaleString('en-US')} records in ${info.pages} pages; ` +
    `extract and normalize ${seconds(info.durations.extract + info.durations.normalize)} (side by side), load ${seconds(info.durations.load)}, ` +
    `total ${seconds(info.elapsed_ms)}`);
  return lines.join('\n');
}
