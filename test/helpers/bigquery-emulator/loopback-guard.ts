import net from 'node:net';

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/i;

export interface LoopbackGuard {
  /** Every non-loopback host something tried to connect to. */
  violations: string[];
  uninstall(): void;
}

/**
 * Makes any TCP connection to a host that is not loopback fail (and records it), so a BigQuery test can never reach
 * Google (or the GCE metadata server) by accident. Import it in every test that drives the BigQuery client.
 */
export function installLoopbackGuard(): LoopbackGuard {
  const original = net.Socket.prototype.connect;
  const violations: string[] = [];
  function guarded(this: net.Socket, ...args: unknown[]): net.Socket {
    const first = args[0];
    let host: string | undefined;
    let path: string | undefined;
    if (Array.isArray(first)) {
      const opts = first[0] as { host?: string; path?: string } | undefined;
      host = opts?.host; path = opts?.path;
    } else if (typeof first === 'object' && first !== null) {
      const opts = first as { host?: string; path?: string };
      host = opts.host; path = opts.path;
    } else if (typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first))) {
      host = typeof args[1] === 'string' ? args[1] : 'localhost';
    } else if (typeof first === 'string') {
      path = first;
    }
    const unixSocket = typeof path === 'string' && path !== '' && host === undefined;
    if (!unixSocket && !LOOPBACK.test(host ?? 'localhost')) {
      violations.push(String(host));
      throw new Error(`loopback guard: a test tried to connect to \`${String(host)}\`; BigQuery tests may only talk to 127.0.0.1`);
    }
    return (original as (...a: unknown[]) => net.Socket).apply(this, args);
  }
  net.Socket.prototype.connect = guarded as typeof original;
  return { violations, uninstall: () => { net.Socket.prototype.connect = original; } };
}
