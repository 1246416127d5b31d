import { API_METHODS, EVENT_NAMES, type ApiMethod, type EventListener, type EventName, type PipelineClient } from './contract';
import { unwrap, type ApiResult } from './result';

/** Header that carries the per-launch token when the cookie cannot (tests, other clients). */
export const TOKEN_HEADER = 'x-sluice-token';

export interface HttpApiOptions {
  /** Origin of the host; defaults to the page's own origin. */
  baseUrl?: string;
  /** Sent as a header; browsers use the HttpOnly cookie the host set instead. */
  token?: string;
}

/**
 * Browser-mode transport: every contract method is `POST /api/<method>` with one JSON object, answered with an
 * ApiResult; events arrive as Server-Sent Events from `/api/events`. Built from API_METHODS, like the preload facade.
 */
export function createHttpApi(options: HttpApiOptions = {}): PipelineClient {
  const base = options.baseUrl ?? '';
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (options.token) headers[TOKEN_HEADER] = options.token;

  const call = async (method: ApiMethod, input: unknown): Promise<unknown> => {
    const response = await fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers,
      credentials: 'same-origin',
      body: JSON.stringify(input ?? {}),
    });
    if (!response.ok) throw new Error(`The Sluice host refused \`${method}\`: ${response.status} ${await response.text()}`);
    return unwrap((await response.json()) as ApiResult<unknown>);
  };

  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();
  let source: EventSource | undefined;
  const ensureSource = (): void => {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/api/events`, { withCredentials: true });
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message) => {
        const payload: unknown = JSON.parse((message as MessageEvent<string>).data);
        for (const listener of listeners.get(name) ?? []) listener(payload);
      });
    }
  };

  const client = {
    on<E extends EventName>(event: E, listener: EventListener<E>): () => void {
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: unknown) => void);
    },
  } as Record<string, unknown>;
  for (const method of API_METHODS) client[method] = (input: unknown) => call(method, input);
  return client as unknown as PipelineClient;
}
