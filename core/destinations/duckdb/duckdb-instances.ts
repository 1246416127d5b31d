import { DuckDBInstance } from '@duckdb/node-api';

/**
 * One DuckDB instance per database file in this thread. DuckDB's file lock is per process, so two instances of the
 * same file in one process would both write to it and corrupt it; destinations on the same file share an instance
 * (each with its own connection) and the last one to close it closes the file. `:memory:` is never shared: each is
 * its own database.
 */
interface Entry {
  instance: Promise<DuckDBInstance>;
  users: number;
}

const instances = new Map<string, Entry>();

export async function acquireInstance(path: string): Promise<DuckDBInstance> {
  if (path === ':memory:') return DuckDBInstance.create(path);
  let entry = instances.get(path);
  if (!entry) {
    entry = { instance: DuckDBInstance.create(path), users: 0 };
    instances.set(path, entry);
    entry.instance.catch(() => instances.delete(path));
  }
  entry.users += 1;
  try {
    return await entry.instance;
  } catch (error) {
    entry.users -= 1;
    throw error;
  }
}

export function releaseInstance(path: string, instance: DuckDBInstance): void {
  const entry = instances.get(path);
  if (path === ':memory:' || !entry) {
    instance.closeSync();
    return;
  }
  entry.users -= 1;
  if (entry.users <= 0) {
    instances.delete(path);
    instance.closeSync();
  }
}
