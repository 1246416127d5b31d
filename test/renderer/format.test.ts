import { expect, it } from 'vitest';
import { formatBytes, formatDuration } from '../../renderer/components/format';
import { statusColor } from '../../renderer/components/status-chip';

it.each([[0, '0 B'], [999, '999 B'], [1000, '1.0 kB'], [1450, '1.4 kB'], [2_345_678, '2.3 MB']])('formatBytes(%d) = %s', (n, text) => {
  expect(formatBytes(n)).toBe(text);
});

it.each([[0, '0 ms'], [87.4, '87 ms'], [1250, '1.25 s']])('formatDuration(%d) = %s', (ms, text) => {
  expect(formatDuration(ms)).toBe(text);
});

it.each([[200, 'success'], [204, 'success'], [301, 'info'], [404, 'warning'], [429, 'warning'], [500, 'error'], [101, 'default']])(
  'status %d is shown as %s', (status, color) => { expect(statusColor(status)).toBe(color); },
);
