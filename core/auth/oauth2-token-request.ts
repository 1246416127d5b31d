import { base64Utf8 } from './http-basic-auth';
import { AuthError } from '../errors/auth-error';
import { bodyExcerpt } from '../errors/http-error';
import type { Redactor } from '../http/redactor';
import type { OAuth2ClientCredentialsOptions } from './oauth2-client-credentials-auth';

/**
 * POSTs the client-credentials grant to the token endpoint (credentials in the form body, or a Basic header) and
 * returns the access token and its lifetime in seconds when the endpoint says. Errors never carry the secret.
 */
export async function requestClientCredentialsToken(
  o: OAuth2ClientCredentialsOptions,
  redactor: Redactor,
  signal: AbortSignal | undefined,
): Promise<{ accessToken: string; expiresIn: number | undefined }> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', ...o.accessTokenRequestData });
  const headers = new Headers({ 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' });
  if (o.clientCredentialsLocation === 'header') {
    // RFC 6749 §2.3.1: id and secret are form-urlencoded before the Basic encoding.
    headers.set('Authorization', `Basic ${base64Utf8(`${encodeURIComponent(o.clientId)}:${encodeURIComponent(o.clientSecret)}`)}`);
  } else {
    form.set('client_id', o.clientId);
    form.set('client_secret', o.clientSecret);
  }
  const url = redactor.redactUrl(o.accessTokenUrl);
  const timeout = AbortSignal.timeout(o.timeoutMs ?? 60_000);
  let text: string;
  let response: Response;
  try {
    response = await fetch(o.accessTokenUrl, { method: 'POST', headers, body: form, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
    text = await response.text();
  } catch (error) {
    throw new AuthError(`OAuth2 token request to ${url} failed: ${redactor.redactText(String(error))}`, { cause: error });
  }
  if (!response.ok) {
    const excerpt = bodyExcerpt(redactor.redactText(text), 200);
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
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : undefined;
  return { accessToken: body.access_token, expiresIn };
}
