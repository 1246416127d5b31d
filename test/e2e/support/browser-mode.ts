import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface BrowserModeHost {
  /** The printed URL, with this launch's token. */
  url: string;
  origin: string;
  output: () => string;
  stop: () => Promise<void>;
}

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CLI = `${ROOT}out/main/cli.js`;
const URL_PATTERN = /http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]+/;

/** Starts the built `sluice ui` exactly as a user does, and reads the URL it prints. */
export async function startBrowserMode(timeoutMs = 20_000, options: { env?: NodeJS.ProcessEnv } = {}): Promise<BrowserModeHost> {
  if (!existsSync(CLI)) throw new Error('e2e: out/main/cli.js is missing; run `npm run build` first');
  const child = spawn(process.execPath, [CLI, 'ui', '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: options.env ?? process.env });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  child.stderr.on('data', (chunk: Buffer) => { output += chunk.toString('utf8'); });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no URL printed within ${timeoutMs} ms`), timeoutMs);
    const fail = (why: string): void => { clearTimeout(timer); child.kill('SIGKILL'); reject(new Error(`sluice ui: ${why}; output:\n${output}`)); };
    child.stdout.on('data', () => {
      const match = URL_PATTERN.exec(output);
      if (match) { clearTimeout(timer); resolve(match[0]); }
    });
    child.once('exit', (code) => fail(`exited with code ${code} before printing a URL`));
  });
  return { url, origin: new URL(url).origin, output: () => output, stop: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 5000);
    child.once('exit', () => { clearTimeout(force); resolve(); });
    child.kill('SIGTERM');
  });
}
