import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess, spawnCli, waitForOutput } from '../../helpers/cli-process';

describe('sluice ui', () => {
  it('prints a tokenised 127.0.0.1 URL that serves the app, and stops cleanly on SIGTERM', async () => {
    const rendererDir = mkdtempSync(join(tmpdir(), 'sluice-ui-'));
    writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Sluice</title><div id="root"></div>');
    const child = spawnCli(['ui', '--renderer-dir', rendererDir]);
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    const [url] = await waitForOutput(child, /http:\/\/127\.0\.0\.1:\d+\/\?token=\S+/);
    const landing = await fetch(url, { redirect: 'manual' });
    expect(landing.status).toBe(303);
    const cookie = landing.headers.get('set-cookie')!.split(';')[0]!;
    const page = await fetch(new URL('/', url), { headers: { cookie } });
    expect(await page.text()).toContain('<title>Sluice</title>');
    expect((await fetch(new URL('/', url))).status).toBe(401);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('rejects a port that is not a number, naming the option', async () => {
    const run = await runCliProcess(['ui', '--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('sluice ui: `--port` must be a port number from 0 to 65535, got `eighty`\n');
  });
});

describe('sluice', () => {
  it('lists its commands with --help and names the valid ones for a typo', async () => {
    const help = await runCliProcess(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: sluice <command> [options]');
    expect(help.stdout).toMatch(/\n {2}ui +start browser mode/);
    const typo = await runCliProcess(['iu']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toMatch(/^sluice: unknown command `iu`; valid commands are: .*\bui\b/);
  });
});
