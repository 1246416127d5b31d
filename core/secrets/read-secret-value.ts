import type { CliIo } from '../cli/command';
import { ConfigError } from '../errors/config-error';

/**
 * Reads a secret for `sluice secrets set`: on a terminal, a prompt that does not echo; otherwise all of stdin
 * (one trailing newline dropped, so `echo "$TOKEN" | sluice secrets set ...` stores the token exactly).
 */
export async function readSecretValue(io: CliIo, label: string): Promise<string> {
  const stdin = io.stdin as CliIo['stdin'] & { setRawMode?: (raw: boolean) => void };
  const value = stdin.isTTY && typeof stdin.setRawMode === 'function' ? await promptHidden(io, stdin, label) : await readAll(stdin);
  if (value === '') throw new ConfigError(`No value given for \`${label}\`: expected the secret on stdin or at the prompt, got nothing`);
  return value;
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

function promptHidden(io: CliIo, stdin: CliIo['stdin'] & { setRawMode?: (raw: boolean) => void }, label: string): Promise<string> {
  io.stderr.write(`Value for ${label} (input hidden): `);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error?: Error): void => {
      stdin.setRawMode?.(false);
      stdin.removeListener('data', onData);
      stdin.pause();
      io.stderr.write('\n');
      if (error) reject(error); else resolve(value);
    };
    const onData = (chunk: Buffer | string): void => {
      for (const ch of chunk.toString()) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(new ConfigError(`Cancelled: no value stored for \`${label}\``));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    stdin.setRawMode?.(true);
    stdin.resume();
    stdin.on('data', onData);
  });
}
