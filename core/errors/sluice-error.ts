/** Plain-data form of an error: what crosses IPC, HTTP and worker boundaries. */
export interface SluiceErrorData {
  name: string;
  code: string;
  message: string;
  /** Structured facts for the UI (config path, status, url...). Never holds secret values. */
  details?: Record<string, unknown>;
}

export interface SluiceErrorOptions {
  cause?: unknown;
  details?: Record<string, unknown>;
}

/**
 * Base of every error Sluice raises on purpose. `code` is stable (tests and the UI branch on it);
 * `message` says what failed, then the facts.
 */
export class SluiceError extends Error {
  readonly code: string;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, options: SluiceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'SluiceError';
    this.code = code;
    this.details = options.details;
  }

  toData(): SluiceErrorData {
    const data: SluiceErrorData = { name: this.name, code: this.code, message: this.message };
    if (this.details !== undefined) data.details = this.details;
    return data;
  }
}

/** True for a SluiceError or its plain-data form: errors lose their class across IPC, so check the shape. */
export function isSluiceError(value: unknown): value is SluiceError {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as { name?: unknown; code?: unknown; message?: unknown };
  return typeof v.code === 'string' && typeof v.message === 'string' && typeof v.name === 'string' &&
    (value instanceof SluiceError || v.name.endsWith('Error'));
}
