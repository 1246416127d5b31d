// The anchor workload (../../shared/bench) served from its own process, so that serving does not eat the measured
// process's CPU or memory figures; and the source config that reads it.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { restApiSource } from '../../core/source/rest-api-source';
import type { Source } from '../../core/source/types';

const ANCHOR = fileURLToPath(new URL('../../../shared/bench/anchor-data.mjs', import.meta.url));

export interface AnchorServer {
  baseUrl: string;
  child: ChildProcess;
}

export async function startAnchorServer(records: number): Promise<AnchorServer> {
  const script = `
    import { createServer } from 'node:http';
    import { renderPages } from ${JSON.stringify(ANCHOR)};
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const base = 'http://127.0.0.1:' + server.address().port;
      const pages = [...renderPages(${records}, 1000, base)];
      server.on('request', (req, res) => {
        const page = Number(new URL(req.url, base).searchParams.get('page') ?? 1);
        const body = pages[page - 1];
        if (!body) { res.writeHead(404); res.end(); return; }
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': body.length });
        res.end(body);
      });
      process.stdout.write('READY ' + base + '\\n');
    });`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  for await (const chunk of child.stdout!) {
    out += String(chunk);
    const match = /READY (\S+)/.exec(out);
    if (match) return { baseUrl: match[1]!, child };
  }
  throw new Error('page server did not start');
}

/** dlt's anchor resource: 1,000-record pages linked by `next`. */
export function anchorSource(baseUrl: string): Source {
  return restApiSource({
    client: { base_url: baseUrl, paginator: { type: 'json_link', next_url_path: 'next' } },
    resources: [{ name: 'items', endpoint: { path: 'items', params: { page: 1 }, data_selector: 'data' } }],
  }, {});
}
