import { AuthBase, type AuthRequest } from './base';
import { requestClientCredentialsToken } from './oauth2-token-request';
import { redactor as defaultRedactor, type Redactor } from '../http/redactor';

export interface OAuth2ClientCredentialsOptions {
  accessTokenUrl: string;
  clientId: string;
  clientSecret: string;
  accessTokenRequestData?: Record<string, string>;
  /** Seconds, when the endpoint sends no `expires_in`. Default 3600. */
  defaultTokenExpiration?: number;
  clientCredentialsLocation?: 'body' | 'header';
  /** Token request timeout. Default 60 s. */
  timeoutMs?: number;
  redactor?: Redactor;
  /** Clock, for tests. */
  now?: () => number;
}

/**
 * OAuth2 client-credentials grant. The token is fetched on first use, shared by concurrent requests, refreshed
 * shortly before it expires (10% of its lifetime, at most 60 s early) and once more when the API answers 401.
 */
export class OAuth2ClientCredentialsAuth extends AuthBase {
  readonly type = 'oauth2_client_credentials';
  private token: { value: string; refreshAt: number } | undefined;
  private pending: Promise<string> | undefined;
  private readonly redactor: Redactor;
  private readonly now: () => number;
  /** Token requests made so far (for the preview and tests). */
  tokenRequests = 0;

  constructor(private readonly options: OAuth2ClientCredentialsOptions) {
    super();
    this.redactor = options.redactor ?? defaultRedactor;
    this.redactor.registerSecret(options.clientSecret);
    this.redactor.registerBasicCredentials(options.clientId, options.clientSecret);
    this.now = options.now ?? Date.now;
  }

  async apply(request: AuthRequest): Promise<void> {
    const token = this.token && this.now() < this.token.refreshAt ? this.token.value : await this.fetchToken(request.signal);
    request.headers.set('Authorization', `Bearer ${token}`);
  }

  override onUnauthorized(): boolean {
    this.token = undefined;
    return true;
  }

  private fetchToken(signal: AbortSignal | undefined): Promise<string> {
    this.pending ??= this.requestToken(signal).finally(() => { this.pending = undefined; });
    return this.pending;
  }

  private async requestToken(signal: AbortSignal | undefined): Promise<string> {
    this.tokenRequests++;
    const { accessToken, expiresIn } = await requestClientCredentialsToken(this.options, this.redactor, signal);
    this.redactor.registerSecret(accessToken);
    const lifetimeS = expiresIn ?? Number(this.options.defaultTokenExpiration ?? 3600);
    const margin = Math.min(60_000, lifetimeS * 100);
    this.token = { value: accessToken, refreshAt: this.now() + lifetimeS * 1000 - margin };
    return accessToken;
  }
}
