import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

/** Bundles the normalize worker as the app ships it (one file, no TypeScript loader starting inside the thread)
 *  into `dir`, and points the pipeline at it through `SLUICE_NORMALIZE_WORKER`. */
export async function bundleNormalizeWorker(dir: string): Promise<void> {
  process.env.SLUICE_NORMALIZE_WORKER = join(dir, 'normalize-worker.mjs');
  await build({
    entryPoints: [fileURLToPath(new URL('../../core/pipeline/normalize-worker.ts', import.meta.url))],
    outfile: process.env.SLUICE_NORMALIZE_WORKER, bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error',
  });
}
