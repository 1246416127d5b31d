import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { basicForms, leakForms } from './leak-api';

/** One place a secret was found: where, which secret, in which form. Empty means no leak. */
export interface Leak { where: string; secret: string; form: string }

/** Looks for every form of every secret in texts (outputs, errors) and in every file under the given folders. */
export function findLeaks(secrets: string[], texts: Record<string, string>, dirs: string[] = []): Leak[] {
  const needles = secrets.flatMap((secret) => leakForms(secret).map((form) => ({ secret, form })));
  for (const form of basicForms()) needles.push({ secret: 'basic credentials', form });
  const leaks: Leak[] = [];
  for (const [where, text] of Object.entries(texts)) {
    for (const n of needles) if (text.includes(n.form)) leaks.push({ where, ...n });
  }
  for (const dir of dirs) {
    for (const file of walk(dir)) {
      const bytes = readFileSync(file);
      for (const n of needles) if (bytes.includes(Buffer.from(n.form))) leaks.push({ where: relative(dir, file), ...n });
    }
  }
  return leaks;
}

/** Every file under a folder (load packages, state, logs, the DuckDB file, ~/.sluice). */
export function walk(dir: string): string[] {
  let entries: string[];
  try { entries = readdirSync(dir); } catch { return []; }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}
