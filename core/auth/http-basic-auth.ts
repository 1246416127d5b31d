import { AuthBase, type AuthRequest } from './base';
import { redactor as defaultRedactor, type Redactor } from '../http/redactor';

/** base64 of UTF-8 text (btoa alone only takes Latin-1). */
export function base64Utf8(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** `Authorization: Basic base64(username:password)`. */
export class HttpBasicAuth extends AuthBase {
  readonly type = 'http_basic';
  private readonly header: string;

  constructor(readonly username: string, password: string, redactor: Redactor = defaultRedactor) {
    super();
    redactor.registerBasicCredentials(username, password);
    this.header = `Basic ${base64Utf8(`${username}:${password}`)}`;
  }

  apply(request: AuthRequest): void {
    request.headers.set('Authorization', this.header);
  }
}
