import { AuthBase, type AuthRequest } from './base';
import { base64Utf8 } from './http-basic-auth';
import { AuthError } from '../errors/auth-error';
import { bodyExcerpt } from '../errors/http-error';
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
    const o = this.options;
    const form = new URLSearchParams({ grant_type: 'client_credentials', ...o.accessTokenRequestData });
    const headers = new Headers({ 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' });
    if (o.clientCredentialsLocation === 'header') {
      headers.set('Authorization', `Basic ${base64Utf8(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`)}`);
    } else {
      form.set('client_id', o.clientId);
      form.set('client_secret', o.clientSecret);
    }
    const url = this.redactor.redactUrl(o.accessTokenUrl);
    const timeout = AbortSignal.timeout(o.timeoutMs ?? 60_000);
    this.tokenRequests++;
    let text: string;
    let response: Response;
    try {
      response = await fetch(o.accessTokenUrl, { method: 'POST', headers, body: form, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
      text = await response.text();
    } catch (error) {
      throw new AuthError(`OAuth2 token request to ${url} failed: ${this.redactor.redactText(String(error))}`, { cause: error });
    }
    if (!response.ok) {
      const excerpt = bodyExcerpt(this.redactor.redactText(text), 200);
      throw new AuthError(`OAuth2 token request to ${url} failed: ${response.status} ${response.statusText}${excerpt ? `: ${excerpt}` : ''}`, {
        details: { url, status: response.status },
      });
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      body = {};
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') {
      throw new AuthError(`OAuth2 token response from ${url} has no \`access_token\`: expected JSON with a string \`access_token\``);
    }
    this.redactor.registerSecret(body.access_token);
    const lifetimeS = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : Number(o.defaultTokenExpiration ?? 3600);
    const margin = Math.min(60_000, lifetimeS * 100);
    this.token = { value: body.access_token, refreshAt: this.now() + lifetimeS * 1000 - margin };
    return body.access_token;
  }
}
