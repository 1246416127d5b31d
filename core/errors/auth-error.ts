import { SluiceError } from './sluice-error';

/** Getting credentials failed (e.g. the OAuth2 token endpoint refused or answered garbage). Never carries secrets. */
export class AuthError extends SluiceError {
  constructor(message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super('AUTH_FAILED', message, options);
    this.name = 'AuthError';
  }
}
