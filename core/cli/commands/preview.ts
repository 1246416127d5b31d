import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ConfigError } from '../../errors/config-error';
import { isSluiceError } from '../../errors/sluice-error';
import { redactor } from '../../http/redactor';
import type { PageInfo, ResourceStateStore, SourceRecord } from '../../source/types';
import { EXIT_CONFIG, EXIT_FAILURE, EXIT_OK, type CliCommand, type CliIo } from '../command';
import { cliLogger } from '../cli-logger';
import { loadSourceForCli } from '../source-loader';

const USAGE = `Usage: sluice preview <config.json> [--resource NAME]... [--pages N] [--json] [--source-name NAME] [--verbose]

Runs the selected resources of a source config for a few pages without loading anything, and prints per resource
and page: the request (method, redacted URL), the response status and timing, the paginator's decision and the
records. Incremental state is not changed.

Options:
  --resource NAME     preview only this resource (repeatable; default: every selected resource)
  --pages N           pages per resource (default 3)
  --json              one JSON document on stdout:
                      {"resources":[{"name","pages":[{"request":{"method","url"},"response":{"status","elapsed_ms"},
                        "paginator":{"type","has_next","reason"},"records":[...]}]}]}
  --source-name NAME  the secrets section (default: the config file's base name in snake_case, github.json → github)
  --verbose           say where each secret came from (environment, secrets.toml, config.toml, keychain; never the value)

Exit codes: 0 success, 2 config or usage error (the message names the config path), 1 runtime failure (HTTP, network).`;

interface PreviewPage {
  request: { method: string; url: string };
  response: { status: number; elapsed_ms: number };
  paginator: { type: string; has_next: boolean; reason: string };
  records: SourceRecord[];
}

function parse(args: string[]): { file: string; resources: string[]; pages: number; json: boolean; sourceName?: string; verbose?: boolean } {
  let parsed;
  try {
    parsed = parseArgs({
      args, strict: true, allowPositionals: true,
      options: { resource: { type: 'string', multiple: true }, pages: { type: 'string' }, json: { type: 'boolean' }, 'source-name': { type: 'string' }, verbose: { type: 'boolean' } },
    });
  } catch (error) {
    throw new ConfigError(`${(error as Error).message}; see \`sluice preview --help\``, { path: 'arguments' });
  }
  const { values, positionals } = parsed;
  const issues: { path: string; message: string }[] = [];
  if (positionals.length !== 1) {
    issues.push({ path: '<config.json>', message: positionals.length === 0
      ? 'a source config file is required: expected `sluice preview <config.json>`'
      : `expected one config file, got ${positionals.length}: ${positionals.join(', ')}` });
  }
  const pages = values.pages === undefined ? 3 : Number(values.pages);
  if (!Number.isInteger(pages) || pages < 1) issues.push({ path: '--pages', message: `expected a positive whole number of pages, got \`${values.pages}\`` });
  if (issues.length > 0) throw new ConfigError(issues);
  const out: ReturnType<typeof parse> = { file: positionals[0]!, resources: values.resource ?? [], pages, json: values.json === true };
  if (values['source-name'] !== undefined) out.sourceName = values['source-name'];
  if (values.verbose) out.verbose = true;
  return out;
}

function throwAwayState(): ResourceStateStore {
  const data = new Map<string, Record<string, unknown>>();
  return { get: (r) => data.get(r), set: (r, v) => { data.set(r, v); } };
}

function toPreviewPage(page: PageInfo | undefined, records: SourceRecord[]): PreviewPage {
  return {
    request: { method: page?.method ?? '', url: page?.url ?? '' },
    response: { status: page?.status ?? 0, elapsed_ms: page?.elapsedMs ?? 0 },
    paginator: { type: page?.paginator.type ?? '', has_next: page?.paginator.hasNext ?? false, reason: page?.paginator.reason ?? '' },
    records: redactor.redactJson(records),
  };
}

function formatBytes(bytes: number): string {
  return bytes < 1024 ? `${bytes} B` : `${(bytes / 1024).toFixed(1)} kB`;
}

function printPage(io: CliIo, page: PageInfo | undefined, records: SourceRecord[], index: number): void {
  const p = toPreviewPage(page, records);
  const facts = page ? ` → ${page.status} in ${page.elapsedMs} ms (${formatBytes(page.bytes)}${page.retries ? `, ${page.retries} ${page.retries === 1 ? 'retry' : 'retries'}` : ''})` : '';
  io.stdout.write(`  page ${page?.number ?? index}: ${p.request.method} ${p.request.url}${facts}\n`);
  if (page) io.stdout.write(`    paginator ${p.paginator.type}: ${p.paginator.has_next ? 'next page' : 'stop'} (${p.paginator.reason})\n`);
  io.stdout.write(`    ${records.length} record${records.length === 1 ? '' : 's'}\n`);
  for (const record of p.records) io.stdout.write(`    ${JSON.stringify(record)}\n`);
}

/** `sluice preview`: a few pages of each resource, nothing loaded, state untouched. */
export const previewCommand: CliCommand = {
  name: 'preview',
  summary: 'run a source config for a few pages and show requests, paginator decisions and records (nothing is loaded)',
  usage: USAGE,
  async run(args, io) {
    try {
      const options = parse(args);
      const loadOptions: Parameters<typeof loadSourceForCli>[2] = {
        resources: options.resources, logger: cliLogger((line) => io.stderr.write(`${line}\n`), { verbose: Boolean(options.verbose) }),
      };
      if (options.sourceName) loadOptions.sourceName = options.sourceName;
      if (options.verbose) loadOptions.verbose = true;
      const source = await loadSourceForCli(resolve(io.cwd, options.file), io, loadOptions);
      for (const warning of source.warnings) io.stderr.write(`warning: ${redactor.redactText(warning)}\n`);
      const state = throwAwayState();
      const doc: { resources: Array<{ name: string; pages: PreviewPage[] }> } = { resources: [] };
      for (const resource of source.resources.filter((r) => r.selected)) {
        const entry = { name: resource.name, pages: [] as PreviewPage[] };
        doc.resources.push(entry);
        if (!options.json) io.stdout.write(`resource ${resource.name}\n`);
        let index = 0;
        for await (const batch of resource.extract({ state, limits: { maxPages: options.pages } })) {
          index++;
          if (options.json) entry.pages.push(toPreviewPage(batch.page, batch.records));
          else printPage(io, batch.page, batch.records, index);
        }
        if (!options.json && index === 0) io.stdout.write('  no pages\n');
      }
      if (options.json) io.stdout.write(JSON.stringify(doc) + '\n');
      return EXIT_OK;
    } catch (error) {
      const message = redactor.redactText(error instanceof Error ? error.message : String(error));
      io.stderr.write(`sluice preview: ${message}\n`);
      const configProblem = isSluiceError(error) && ['CONFIG_INVALID', 'SECRET_MISSING'].includes(error.code);
      return configProblem ? EXIT_CONFIG : EXIT_FAILURE;
    }
  },
};
