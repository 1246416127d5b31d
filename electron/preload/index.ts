// The only thing the page gets from Electron: the typed contract, built from API_METHODS. No ipcRenderer, no Node.
import { contextBridge, ipcRenderer } from 'electron';
import { API_METHODS, EVENT_NAMES, apiChannel, eventChannel, type ApiResult, type EventName, type PipelineClient } from '../../core/api/index';

/**
 * contextBridge copies a thrown Error with its message only, so a rejection carries the error as plain data
 * ({name, code, message, details}); `isSluiceError` recognises it by shape and the UI still branches on `code`.
 */
async function call(method: (typeof API_METHODS)[number], input: unknown): Promise<unknown> {
  const result = (await ipcRenderer.invoke(apiChannel(method), input ?? {})) as ApiResult<unknown>;
  if (result.ok) return result.value;
  throw result.error;
}

function on(event: EventName, listener: (payload: unknown) => void): () => void {
  if (!EVENT_NAMES.includes(event)) throw new TypeError(`Unknown event \`${String(event)}\`; valid values are: ${EVENT_NAMES.join(', ')}`);
  const handler = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
  ipcRenderer.on(eventChannel(event), handler);
  return () => { ipcRenderer.removeListener(eventChannel(event), handler); };
}

const facade: Record<string, unknown> = { on };
for (const method of API_METHODS) facade[method] = (input: unknown) => call(method, input);

contextBridge.exposeInMainWorld('sluice', facade as unknown as PipelineClient);
