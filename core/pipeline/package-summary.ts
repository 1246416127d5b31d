import type { LoadPackage } from './load-package';

/** A pending package as `sluice info` shows it. */
export interface PendingPackageSummary {
  load_id: string;
  status: string;
  created_at?: string;
  resources: { resource: string; records: number; pages: number }[];
  /** Rows per table once normalized. */
  tables: Record<string, number>;
  /** Set when the package cannot be read. */
  error?: string;
}

export function summarizePackage(pkg: LoadPackage): PendingPackageSummary {
  try {
    const m = pkg.readManifest();
    return {
      load_id: pkg.loadId, status: m.status, created_at: m.created_at,
      resources: m.resources.map((r) => ({ resource: r.resource, records: r.records, pages: r.pages })),
      tables: Object.fromEntries((m.jobs ?? []).map((j) => [j.table, j.rows])),
    };
  } catch (error) {
    return { load_id: pkg.loadId, status: 'corrupt', resources: [], tables: {}, error: error instanceof Error ? error.message : String(error) };
  }
}
