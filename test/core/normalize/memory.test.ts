import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

describe('streaming', () => {
  it('memory does not grow with the number of records (the normalizer keeps no rows between batches)', () => {
    const probe = fileURLToPath(new URL('./fixtures/memory-probe.ts', import.meta.url));
    const output = execFileSync(process.execPath, ['--expose-gc', '--import', 'tsx', probe, '200'], { encoding: 'utf8' });
    const { early, late, rows } = JSON.parse(output.trim().split('\n').pop()!) as { early: number; late: number; rows: number };
    expect(rows).toBe(200_000 * 4);
    // 180 more batches (720k rows) after the first measurement: retained rows would cost hundreds of MB
    expect(late - early).toBeLessThan(5 * 1024 * 1024);
  }, 60_000);
});
