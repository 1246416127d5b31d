/**
 * Runs `run(item)` for the items of `source`, at most `limit` at a time, and yields what they yield as it arrives.
 * Items are pulled from `source` only when a slot is free, so a huge parent never sits in memory.
 */
export async function* mergeBounded<S, T>(source: AsyncIterable<S>, limit: number, run: (item: S) => AsyncIterable<T>): AsyncGenerator<T> {
  type Entry = { it: AsyncIterator<T>; next: Promise<{ id: number; result: IteratorResult<T> }> };
  const items = source[Symbol.asyncIterator]();
  const active = new Map<number, Entry>();
  let sourceDone = false;
  let ids = 0;
  const pull = (id: number, it: AsyncIterator<T>) => {
    const next = it.next().then((result) => ({ id, result }));
    next.catch(() => undefined); // observed through Promise.race; avoids an unhandled rejection for the others
    return next;
  };
  try {
    for (;;) {
      while (!sourceDone && active.size < Math.max(1, limit)) {
        const item = await items.next();
        if (item.done) { sourceDone = true; break; }
        const id = ids++;
        const it = run(item.value)[Symbol.asyncIterator]();
        active.set(id, { it, next: pull(id, it) });
      }
      if (active.size === 0) return;
      const { id, result } = await Promise.race([...active.values()].map((e) => e.next));
      const entry = active.get(id)!;
      if (result.done) { active.delete(id); continue; }
      entry.next = pull(id, entry.it);
      yield result.value;
    }
  } finally {
    for (const entry of active.values()) await entry.it.return?.().catch(() => undefined);
    if (!sourceDone) await items.return?.();
  }
}
