import { useCallback, useEffect, useState } from 'react';
import type { SecretListing } from '../../../core/index';
import { api } from '../../platform/api';

export type SecretsState = { listing?: SecretListing; error?: unknown; loading: boolean };

/** `listSecrets` for one section plus the names the config refers to (so unset ones show too). Never values. */
export function useSecrets(open: boolean, section: string, references: string[]) {
  const [state, setState] = useState<SecretsState>({ loading: false });
  const key = references.join('\n');
  const refresh = useCallback(async () => {
    setState((s) => ({ ...s, loading: true }));
    try {
      const names = key ? key.split('\n') : [];
      const listing = await api.listSecrets({ section, references: names.map((name) => ({ section, name })) });
      setState({ listing, loading: false });
    } catch (error) {
      setState({ error, loading: false });
    }
  }, [section, key]);
  useEffect(() => { if (open) void refresh(); }, [open, refresh]);
  return { state, refresh };
}
