import { useCallback, useState } from 'react';
import type { ImportSourceConfigResult } from '../../../core/index';
import { api } from '../../platform/api';

export type ConfigImportState =
  | { status: 'idle' }
  | { status: 'busy' }
  | { status: 'done'; result: ImportSourceConfigResult; fileName?: string }
  | { status: 'error'; error: unknown; fileName?: string };

/**
 * Hands a pasted or imported config to the host, which moves its literal credentials into the keychain and returns
 * the text to keep (with `{secrets.<name>}` references). Without a keychain the host holds them in memory for this
 * session instead (`whenNoKeychain: 'session'`), so the literal still leaves the editor. Values never come back.
 */
export function useConfigImport() {
  const [state, setState] = useState<ConfigImportState>({ status: 'idle' });
  const run = useCallback(async (text: string, where: { section: string } | { fileName: string }): Promise<ImportSourceConfigResult | undefined> => {
    const fileName = 'fileName' in where ? where.fileName : undefined;
    setState({ status: 'busy' });
    try {
      const result = await api.importSourceConfig({ text, ...where, whenNoKeychain: 'session' });
      setState({ status: 'done', result, ...(fileName ? { fileName } : {}) });
      return result;
    } catch (error) {
      setState({ status: 'error', error, ...(fileName ? { fileName } : {}) });
      return undefined;
    }
  }, []);
  const dismiss = useCallback(() => setState({ status: 'idle' }), []);
  return { state, run, dismiss };
}
