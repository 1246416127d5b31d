/**
 * How many pages per second RestClient.paginate walks against a local server, compared with a plain
 * fetch + JSON.parse loop over the same pages. Not a timed test: it prints numbers and the ratio.
 *
 *   npm run bench:client                      # 1000 pages of 100 records, median of 5 rounds
 *   npm run bench:client -- --pages 500 --records 50 --rounds 5
 *
 * The last line is one JSON object: { pages, recordsPerPage, rounds, clientPagesPerSec, fetchPagesPerSec, ratio,
 * clientCpuMsPerPage, fetchCpuMsPerPage }. ratio = client pages/s ÷ fetch-loop pages/s (1 = no overhead).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RestClient } from '../core/http';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const PAGES = arg('pages', 1000);
const RECORDS = arg('records', 100);
const ROUNDS = arg('rounds', 5);

// Bodies are built once so both walkers pay the same server cost.
const bodies: string[] = [];
for (let p = 1; p <= PAGES; p++) {
  const data = Array.from({ length: RECORDS }, (_, i) => ({ id: (p - 1) * RECORDS + i + 1, name: `record ${i}`, active: i % 2 === 0, score: i * 1.5, tags: ['a', 'b'] }));
  bodies.push(JSON.stringify({ data, next: p < PAGES ? `/pages?page=${p + 1}` : null }));
}

const server = createServer((req, res) => {
  const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('page') ?? 1);
  const body = bodies[page - 1] ?? '{"data":[],"next":null}';
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

async function plainFetch(): Promise<number> {
  let url: string | null = `${base}/pages?page=1`;
  let records = 0;
  while (url) {
    const res: Response = await fetch(url, { headers: { accept: 'application/json' } });
    const body = JSON.parse(await res.text()) as { data: unknown[]; next: string | null };
    records += body.data.length;
    url = body.next ? new URL(body.next, url).href : null;
  }
  return records;
}

async function restClient(): Promise<number> {
  const client = new RestClient({ baseUrl: base, paginator: { type: 'json_link' }, dataSelector: 'data' });
  let records = 0;
  for await (const page of client.paginate('/pages', { params: { page: 1 } })) records += page.records.length;
  return records;
}

/** Pages per second (wall clock) and CPU ms per page (server included, the same for both walkers: steadier on a busy machine). */
async function measure(walk: () => Promise<number>): Promise<{ rate: number; cpuMs: number }> {
  const started = performance.now();
  const cpu = process.cpuUsage();
  const records = await walk();
  const used = process.cpuUsage(cpu);
  const seconds = (performance.now() - started) / 1000;
  if (records !== PAGES * RECORDS) throw new Error(`walked ${records} records, expected ${PAGES * RECORDS}`);
  return { rate: PAGES / seconds, cpuMs: (used.user + used.system) / 1000 / PAGES };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

await plainFetch(); // warm up both paths (JIT, connection pool)
await restClient();
const fetchRates: number[] = [];
const clientRates: number[] = [];
const fetchCpu: number[] = [];
const clientCpu: number[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const f = await measure(plainFetch);
  const c = await measure(restClient);
  fetchRates.push(f.rate);
  clientRates.push(c.rate);
  fetchCpu.push(f.cpuMs);
  clientCpu.push(c.cpuMs);
  console.log(`round ${round}: fetch loop ${f.rate.toFixed(0)} pages/s (${f.cpuMs.toFixed(2)} CPU ms/page), RestClient.paginate ${c.rate.toFixed(0)} pages/s (${c.cpuMs.toFixed(2)} CPU ms/page)`);
}
server.close();

const fetchPagesPerSec = Math.round(median(fetchRates));
const clientPagesPerSec = Math.round(median(clientRates));
console.log(`${PAGES} pages × ${RECORDS} records, median of ${ROUNDS}: RestClient.paginate runs at ${(clientPagesPerSec / fetchPagesPerSec * 100).toFixed(0)}% of a plain fetch loop`);
const clientCpuMsPerPage = Number(median(clientCpu).toFixed(3));
const fetchCpuMsPerPage = Number(median(fetchCpu).toFixed(3));
console.log(JSON.stringify({
  pages: PAGES, recordsPerPage: RECORDS, rounds: ROUNDS, clientPagesPerSec, fetchPagesPerSec,
  ratio: Number((clientPagesPerSec / fetchPagesPerSec).toFixed(3)), clientCpuMsPerPage, fetchCpuMsPerPage,
}));
