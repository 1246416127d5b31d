import { SluiceError } from './sluice-error';

/**
 * Moving a project's secrets to a new section (a rename) was refused or stopped midway. `conflict`: the new section
 * already holds a different value under a name (nothing was changed). `incomplete`: a keychain step failed; every
 * secret is still in the old section, the new one or both, and saving again finishes the move. Never holds values.
 */
export class SecretsMoveError extends SluiceError {
  readonly kind: 'conflict' | 'incomplete';

  constructor(kind: 'conflict' | 'incomplete', message: string, options: { cause?: unknown; details?: Record<string, unknown> } = {}) {
    super(kind === 'conflict' ? 'SECRETS_MOVE_CONFLICT' : 'SECRETS_MOVE_INCOMPLETE', message, options);
    this.name = 'SecretsMoveError';
    this.kind = kind;
  }
}
