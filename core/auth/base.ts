/** The outgoing request an auth may change: its URL (query params) and headers. */
export interface AuthRequest {
  url: URL;
  headers: Headers;
  signal?: AbortSignal | undefined;
}

/**
 * Base of every auth. `apply` adds credentials to one outgoing request; `onUnauthorized` is called once when the
 * server answers 401 and returns true when new credentials were obtained (the client then retries once).
 * Constructors register every secret value with the redactor. Custom auths extend this and use `registerAuth`.
 */
export abstract class AuthBase {
  abstract readonly type: string;

  abstract apply(request: AuthRequest): void | Promise<void>;

  onUnauthorized(): boolean | Promise<boolean> {
    return false;
  }
}
