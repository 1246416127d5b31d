import { useEffect, useState } from 'react';
import type { AppInfo, PipelineEvents } from '../../core/index';
import { api } from '../platform/api';

export type LogEntry = PipelineEvents['log.entry'];

export interface HostStatus {
  info?: AppInfo;
  /** Set when the host could not be reached at all. */
  error?: unknown;
  lastLog?: LogEntry;
}

/** Which host the app talks to (asked once), and the host's latest log line (pushed as events). */
export function useHostStatus(): HostStatus {
  const [status, setStatus] = useState<HostStatus>({});
  useEffect(() => {
    let live = true;
    api.getAppInfo({}).then(
      (info) => { if (live) setStatus((s) => ({ ...s, info, error: undefined })); },
      (error: unknown) => { if (live) setStatus((s) => ({ ...s, error })); },
    );
    const off = api.on('log.entry', (entry) => setStatus((s) => ({ ...s, lastLog: entry })));
    return () => { live = false; off(); };
  }, []);
  return status;
}
