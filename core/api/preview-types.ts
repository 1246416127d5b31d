/** Input of `previewRequest`: one HTTP request made by the host. */
export interface PreviewRequestInput {
  url: string;
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  headers?: Record<string, string>;
  /** JSON body for POST/PUT/PATCH. */
  body?: unknown;
  timeoutMs?: number;
}

/** What the preview shows of one response. Header values that carry credentials are already redacted. */
export interface PreviewResponse {
  request: { method: string; url: string; headers: Record<string, string> };
  status: number;
  statusText: string;
  headers: Record<string, string>;
  elapsedMs: number;
  sizeBytes: number;
  /** `json` when the body parsed as JSON, `text` otherwise (HTML error pages, plain text). */
  bodyKind: 'json' | 'text' | 'empty';
  body: unknown;
  /** True when the body was cut at the preview size limit. */
  truncated: boolean;
}

export interface AppInfo {
  name: string;
  version: string;
  /** Which host the renderer talks to. */
  transport: 'electron' | 'http';
  platform: string;
  nodeVersion: string;
}
