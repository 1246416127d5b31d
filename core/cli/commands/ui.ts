import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PipelineService } from '../../service/pipeline-service';
import { startHttpHost } from '../../service/http-host';
import { SLUICE_VERSION } from '../../version';
import { EXIT_CONFIG, EXIT_OK, type CliCommand } from '../command';
import { ConfigError } from '../../errors/config-error';

const USAGE = `Usage: sluice ui [--port P] [--renderer-dir DIR]

Starts Sluice in browser mode: the host listens on 127.0.0.1 (a random free port unless --port is given) and
prints a URL carrying a per-launch token. Open it in a browser. Ctrl+C stops the host.

Options:
  --port P            listen on port P (default: a random free port)
  --renderer-dir DIR  serve the built renderer from DIR (default: out/renderer of this installation)`;

/** The built renderer next to this bundle (out/main/cli.js → out/renderer) or in a checkout's out/. */
export function findRendererDir(start: string): string | undefined {
  let dir = start;
  for (;;) {
    if (existsSync(join(dir, 'out', 'renderer', 'index.html'))) return join(dir, 'out', 'renderer');
    if (existsSync(join(dir, 'renderer', 'index.html')) && dir.endsWith('out')) return join(dir, 'renderer');
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export const uiCommand: CliCommand = {
  name: 'ui',
  summary: 'start browser mode: the app on http://127.0.0.1, guarded by a per-launch token',
  usage: USAGE,
  async run(args, io) {
    const { values } = parseArgs({ args, options: { port: { type: 'string' }, 'renderer-dir': { type: 'string' } }, strict: true });
    const port = values.port === undefined ? 0 : Number(values.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new ConfigError(`\`--port\` must be a port number from 0 to 65535, got \`${values.port}\``);
    }
    const rendererDir = values['renderer-dir'] ? resolve(io.cwd, values['renderer-dir']) : findRendererDir(dirname(fileURLToPath(import.meta.url)));
    if (!rendererDir) {
      io.stderr.write('sluice ui: the renderer is not built; run `npm run build` first\n');
      return EXIT_CONFIG;
    }
    const service = new PipelineService({ transport: 'http', version: SLUICE_VERSION });
    const host = await startHttpHost({ port, rendererDir, service });
    io.stdout.write(`Sluice is running in browser mode. Open this URL (it carries this launch's token):\n\n  ${host.url}\n\nPress Ctrl+C to stop.\n`);
    await new Promise<void>((done) => {
      const stop = (): void => { process.off('SIGINT', stop); process.off('SIGTERM', stop); done(); };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await host.close();
    return EXIT_OK;
  },
};
