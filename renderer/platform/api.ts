import { createHttpApi, type PipelineClient } from '../../core/index';

declare global {
  interface Window {
    /** The Electron preload's facade; absent in a browser. */
    sluice?: PipelineClient;
  }
}

/** The one place a transport is chosen: Electron's preload facade, or browser mode's HTTP + SSE. */
export const api: PipelineClient = window.sluice ?? createHttpApi();
