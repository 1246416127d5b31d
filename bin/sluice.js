#!/usr/bin/env node
// The installed `sluice` command: runs the bundled CLI (build it first with `npm run build`).
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../out/main/cli.js', import.meta.url));
if (!existsSync(cli)) {
  process.stderr.write('sluice: the CLI is not built yet; run `npm run build` (or use `npm run sluice -- <command>` from a checkout)\n');
  process.exit(2);
}
await import(cli);
