import { AuthBase, type AuthRequest } from './base';
import { redactor as defaultRedactor, type Redactor } from '../http/redactor';

/** `Authorization: Bearer <token>`. */
export class BearerAuth extends AuthBase {
  readonly type = 'bearer';

  constructor(private readonly token: string, redactor: Redactor = defaultRedactor) {
    super();
    redactor.registerSecret(token);
  }

  apply(request: AuthRequest): void {
    request.headers.set('Authorization', `Bearer ${this.token}`);
  }
}
