import { useCallback, useRef, useState } from 'react';
import type { PreviewRequestInput, PreviewResponse } from '../../../core/index';
import { api } from '../../platform/api';

export type PreviewState =
  | { status: 'idle' }
  | { status: 'loading'; last?: PreviewResponse }
  | { status: 'done'; response: PreviewResponse }
  | { status: 'error'; error: unknown };

/** Runs `previewRequest` on the host; only the latest request's answer is shown. */
export function usePreview(): { state: PreviewState; preview: (input: PreviewRequestInput) => Promise<void> } {
  const [state, setState] = useState<PreviewState>({ status: 'idle' });
  const latest = useRef(0);
  const preview = useCallback(async (input: PreviewRequestInput) => {
    const id = ++latest.current;
    setState((previous) => ({ status: 'loading', ...(previous.status === 'done' ? { last: previous.response } : {}) }));
    try {
      const response = await api.previewRequest(input);
      if (id === latest.current) setState({ status: 'done', response });
    } catch (error) {
      if (id === latest.current) setState({ status: 'error', error });
    }
  }, []);
  return { state, preview };
}
