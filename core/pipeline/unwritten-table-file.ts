import { statSync } from 'node:fs';
import type { LoadPackage, TableJobState } from './load-package';

/**
 * The first table file of a package that is not on disk as it was written: missing, or of another size than its job
 * records. Table files are not fsynced (fsyncs cost 5-8% of a run), so a machine that stopped (a power cut, a kernel
 * crash) before the OS wrote them out can leave them short or empty. A killed process cannot: its writes were with
 * the OS already. Jobs without recorded sizes (older packages) are not checked.
 */
export function unwrittenTableFile(pkg: LoadPackage, jobs: readonly TableJobState[]): { file: string; problem: string } | undefined {
  for (const job of jobs) {
    const sizes = job.file_bytes;
    if (!Array.isArray(sizes) || !Array.isArray(job.files) || sizes.length !== job.files.length) continue;
    for (const [i, name] of job.files.entries()) {
      const file = pkg.tableFile(name);
      let size: number;
      try {
        size = statSync(file).size;
      } catch {
        return { file, problem: 'is missing' };
      }
      if (size !== sizes[i]) return { file, problem: `has ${size} bytes where ${sizes[i]} were written` };
    }
  }
  return undefined;
}
