import { AuthBase, type AuthRequest } from './base';
import { redactor as defaultRedactor, type Redactor } from '../http/redactor';

/** An API key in a header (default `Authorization`), a query param or a cookie. */
export class ApiKeyAuth extends AuthBase {
  readonly type = 'api_key';

  constructor(
    private readonly apiKey: string,
    readonly name = 'Authorization',
    readonly location: 'header' | 'query' | 'cookie' = 'header',
    redactor: Redactor = defaultRedactor,
  ) {
    super();
    redactor.registerSecret(apiKey);
  }

  apply(request: AuthRequest): void {
    if (this.location === 'query') {
      request.url.searchParams.set(this.name, this.apiKey);
    } else if (this.location === 'cookie') {
      const cookie = `${this.name}=${encodeURIComponent(this.apiKey)}`;
      const existing = request.headers.get('Cookie');
      request.headers.set('Cookie', existing ? `${existing}; ${cookie}` : cookie);
    } else {
      request.headers.set(this.name, this.apiKey);
    }
  }
}
