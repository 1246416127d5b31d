import { createInterface } from 'node:readline';
import type { CliIo } from './command';

/** Asks a yes/no question on stderr and reads one line from stdin; anything but y/yes (or no input) is no. */
export async function confirm(io: CliIo, question: string): Promise<boolean> {
  io.stderr.write(question);
  const rl = createInterface({ input: io.stdin, terminal: false });
  try {
    for await (const line of rl) return /^\s*y(es)?\s*$/i.test(line);
    return false;
  } finally {
    rl.close();
  }
}
