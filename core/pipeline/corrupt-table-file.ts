import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { LoadPackageError } from '../errors/load-package-error';
import type { LoadPackage } from './load-package';

/**
 * After a failed load: the package's table files that the destination's error names (DuckDB names the file it could
 * not read) are read line by line. A line that is not JSON means the file was damaged after it was written (a
 * truncated copy, an edit): the package is corrupt, which the user can drop, rather than a load that fails the same
 * way on every run. Undefined when no named file is damaged (the failure was something else).
 */
export async function corruptTableFile(pkg: LoadPackage, files: string[], failure: unknown): Promise<LoadPackageError | undefined> {
  const message = failure instanceof Error ? failure.message : String(failure);
  for (const file of files) {
    if (!message.includes(file)) continue;
    const bad = await firstLineNotJson(file);
    if (bad) return pkg.corrupt(file, `line ${bad.line} of the table file is not valid JSON (${bad.reason})`, failure);
  }
  return undefined;
}

async function firstLineNotJson(file: string): Promise<{ line: number; reason: string } | undefined> {
  let line = 0;
  const lines = createInterface({ input: createReadStream(file, { highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  try {
    for await (const text of lines) {
      line++;
      try {
        JSON.parse(text);
      } catch (error) {
        return { line, reason: error instanceof Error ? error.message.slice(0, 120) : String(error) };
      }
    }
  } finally {
    lines.close();
  }
  return undefined;
}
