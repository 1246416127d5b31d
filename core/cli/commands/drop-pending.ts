import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../errors/config-error';
import { defaultPipelinesDir, PipelineStorage } from '../../pipeline/pipeline-storage';
import { EXIT_FAILURE, EXIT_OK, type CliCommand } from '../command';
import { confirm } from '../confirm';

const USAGE = `Usage: sluice drop-pending --pipeline-name NAME [--pipelines-dir DIR] [--load-id ID]... [--yes]

Discards the pipeline's pending load packages (extracted or normalized, never committed). Their data is not loaded
and their incremental state is not committed, so the next \`sluice run\` extracts those records again. Use it when a
package is corrupt or was extracted with a wrong config.

Options:
  --pipeline-name NAME  the pipeline
  --pipelines-dir DIR   where pipelines live (default: ~/.sluice/pipelines, or $SLUICE_PIPELINES_DIR)
  --load-id ID          drop only this package and those extracted after it, whose incremental state builds on
                        it (repeatable; default: all pending packages)
  --yes                 do not ask for confirmation`;

export const dropPendingCommand: CliCommand = {
  name: 'drop-pending',
  summary: 'discard a pipeline\'s pending load packages (asks first; --yes to skip)',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({
      args, strict: true,
      options: {
        'pipeline-name': { type: 'string' }, 'pipelines-dir': { type: 'string' }, 'load-id': { type: 'string', multiple: true },
        yes: { type: 'boolean', short: 'y' },
      },
    });
    const name = values['pipeline-name'];
    if (!name) throw new ConfigError('`--pipeline-name` is required: expected the name of a pipeline, got nothing');
    const pipelinesDir = values['pipelines-dir'] ? resolve(io.cwd, values['pipelines-dir']) : defaultPipelinesDir(io.env);
    const storage = new PipelineStorage(pipelinesDir, name);
    if (!existsSync(storage.dir)) {
      io.stderr.write(`sluice drop-pending: no pipeline \`${name}\` in ${pipelinesDir}\n`);
      return EXIT_FAILURE;
    }
    const wanted = values['load-id'];
    const all = storage.packages.list();
    if (wanted) {
      const unknown = wanted.filter((id) => !all.some((p) => p.loadId === id));
      if (unknown.length > 0) {
        throw new ConfigError(`no pending package ${unknown.map((id) => `\`${id}\``).join(', ')}; pending packages are: ${all.map((p) => p.loadId).join(', ') || 'none'}`);
      }
    }
    const packages = wanted ? storage.packages.dependentsFrom(wanted) : all;
    if (packages.length === 0) {
      io.stdout.write(`Pipeline \`${name}\` has no pending load packages.\n`);
      return EXIT_OK;
    }
    io.stdout.write(`Pending load packages of \`${name}\`: ${packages.map((p) => p.loadId).join(', ')}\n`);
    const later = wanted ? packages.filter((p) => !wanted.includes(p.loadId)) : [];
    if (later.length > 0) {
      const one = later.length === 1;
      io.stdout.write(`Also dropping ${later.map((p) => p.loadId).join(', ')} (extracted after ${packages[0]!.loadId}): ${one ? 'its' : 'their'} ` +
        `incremental state builds on it, so loading ${one ? 'it' : 'them'} alone would skip its records for good.\n`);
    }
    if (!values.yes && !(await confirm(io, `Drop ${packages.length} package(s)? Their data will not be loaded. [y/N] `))) {
      io.stdout.write('Nothing dropped (not confirmed; pass --yes to skip the question).\n');
      return EXIT_FAILURE;
    }
    storage.lock.acquire();
    try {
      for (const pkg of packages) pkg.remove();
    } finally {
      storage.lock.release();
    }
    io.stdout.write(`Dropped ${packages.length} package(s).\n`);
    return EXIT_OK;
  },
};
