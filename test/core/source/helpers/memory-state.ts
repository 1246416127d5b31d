import type { ResourceStateStore } from '../../../../core/source/types';

/** Resource state in memory, kept the way the pipeline keeps it: values are copied in and out (as through a JSON
 *  file), so a resource cannot change what it stored without storing it again. `data` is for assertions. */
export function memoryState(): ResourceStateStore & { data: Map<string, Record<string, unknown>> } {
  const data = new Map<string, Record<string, unknown>>();
  return {
    data,
    get: (r) => (data.has(r) ? structuredClone(data.get(r)) : undefined),
    set: (r, v) => { data.set(r, structuredClone(v)); },
  };
}
