import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../errors/config-error';
import { summarizePackage } from '../../pipeline/package-summary';
import { defaultPipelinesDir, PipelineStorage } from '../../pipeline/pipeline-storage';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command';

const USAGE = `Usage: sluice info --pipeline-name NAME [--pipelines-dir DIR] [--json]

Shows what Sluice keeps for a pipeline: pending load packages (extracted or normalized but not yet committed), the
last loads, the incremental state (cursors per resource) and the schema (tables and columns).

Options:
  --pipeline-name NAME  the pipeline (as given to \`sluice run\`)
  --pipelines-dir DIR   where pipelines live (default: ~/.sluice/pipelines, or $SLUICE_PIPELINES_DIR)
  --json                print one JSON document instead of text`;

export const infoCommand: CliCommand = {
  name: 'info',
  summary: 'show a pipeline\'s pending packages, last loads, incremental state and schema',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args, strict: true,
      options: { 'pipeline-name': { type: 'string' }, 'pipelines-dir': { type: 'string' }, json: { type: 'boolean' } },
    });
    const name = values['pipeline-name'];
    if (!name) throw new ConfigError('`--pipeline-name` is required: expected the name of a pipeline, got nothing');
    const pipelinesDir = values['pipelines-dir'] ? resolve(io.cwd, values['pipelines-dir']) : defaultPipelinesDir(io.env);
    const storage = new PipelineStorage(pipelinesDir, name);
    if (!existsSync(storage.dir)) {
      io.stderr.write(`sluice info: no pipeline \`${name}\` in ${pipelinesDir} (run \`sluice run\` first, or pass --pipelines-dir)\n`);
      return EXIT_FAILURE;
    }
    const pending = storage.packages.list().map((pkg) => summarizePackage(pkg));
    const history = storage.readHistory();
    const state = storage.readState();
    const schema = storage.readSchema();
    if (values.json) {
      io.stdout.write(JSON.stringify({ pipeline_name: name, dir: storage.dir, pending_packages: pending, last_loads: history, state: state ?? null, schema: schema ?? null }, null, 2) + '\n');
      return EXIT_OK;
    }
    const out: string[] = [`Pipeline \`${name}\` (${storage.dir})`, ''];
    out.push(`Pending load packages: ${pending.length === 0 ? 'none' : pending.length}`);
    for (const p of pending) {
      if (p.error) { out.push(`  ${p.load_id}  CORRUPT: ${p.error}`); continue; }
      const records = p.resources.map((r) => `${r.resource} ${r.records} records`).join(', ');
      out.push(`  ${p.load_id}  ${p.status}${records ? `  (${records})` : ''}`);
    }
    out.push('', `Last loads:${history.length === 0 ? ' none' : ''}`);
    for (const h of history.slice(-10).reverse()) {
      const rows = Object.entries(h.tables).map(([t, n]) => `${t} ${n}`).join(', ');
      out.push(`  ${h.load_id}  ${h.finished_at}  ${h.destination} dataset ${h.dataset_name}  ${rows || 'no rows'}`);
    }
    out.push('', 'Incremental state:');
    const sources = Object.entries(state?.sources ?? {});
    if (sources.length === 0) out.push('  none');
    for (const [source, { resources }] of sources) {
      for (const [resource, value] of Object.entries(resources)) out.push(`  ${source}.${resource}: ${JSON.stringify(value)}`);
    }
    if (state) out.push(`  (state version ${state.version})`);
    out.push('', 'Schema:');
    const tables = Object.values(schema?.tables ?? {});
    if (tables.length === 0) out.push('  no tables yet');
    for (const table of tables) {
      const extra = [table.write_disposition, table.parent ? `nested in ${table.parent}` : undefined].filter(Boolean).join(', ');
      out.push(`  ${table.name}${extra ? ` (${extra})` : ''}`);
      for (const column of Object.values(table.columns)) {
        const flags = [
          column.primary_key ? 'primary key' : '', column.merge_key ? 'merge key' : '', column.hard_delete ? 'hard delete' : '',
          column.dedup_sort ? `dedup sort ${column.dedup_sort}` : '', column.nullable ? '' : 'not null',
        ].filter(Boolean).join(', ');
        out.push(`    ${column.name}: ${column.data_type}${flags ? ` (${flags})` : ''}`);
      }
    }
    io.stdout.write(out.join('\n') + '\n');
    return EXIT_OK;
  },
};
