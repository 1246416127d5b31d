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
  /** The parsed JSON (an integer beyond ±2^53, such as a 64-bit id, as a string of its digits: a number would round
   *  it), or the text. */
  body: unknown;
  /** The body as shown: JSON indented by two spaces with every number as sent (64-bit ids exact), or the text. */
  bodyText: string;
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
