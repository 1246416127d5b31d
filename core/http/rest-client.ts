import type { AuthBase } from '../auth/base';
import type { AuthConfig } from '../auth/types';
import { createAuth } from '../auth/registry';
import type { BasePaginator } from '../paginators/base';
import type { PaginatorConfig } from '../paginators/types';
import { createPaginator } from '../paginators/registry';
import { AutoPaginator } from '../paginators/auto-paginator';
import { HttpError } from '../errors/http-error';
import { NetworkError } from '../errors/network-error';
import { ResponseActionError } from '../errors/response-action-error';
import { PaginationLoopError } from '../errors/pagination-loop-error';
import { silentLogger, type Logger } from '../logger';
import { isSecretHeaderName, redactor as defaultRedactor, type Redactor } from './redactor';
import { buildUrl, joinUrl, type QueryValue, type RequestSpec, type ResponseInfo } from './request-spec';
import { DEFAULT_TIMEOUT_MS, isRetryableStatus, parseRetryAfter, resolveRetryOptions, retryDelay, sleep, type RetryEvent, type RetryOptions } from './retry';
import { checkResponseActions, matchResponseAction, type ResponseAction } from './response-actions';
import { selectRecords } from './data-selector';
import { fetchAttempt } from './fetch-attempt';
import { parseJsonBody } from './parse-json-body';
import type { Page, PageRequest } from './page';

export interface RestClientOptions {
  /** Paths are appended to it; an absolute URL bypasses it. */
  baseUrl?: string;
  headers?: Record<string, string>;
  auth?: AuthConfig | AuthBase | null;
  /** Default paginator for `paginate` (config, type name or instance). Absent or `auto`: detected from the first page. */
  paginator?: PaginatorConfig | string | BasePaginator | null;
  /** JSONPath to the records. Absent: detected (dlt's rules). */
  dataSelector?: string;
  retry?: Partial<RetryOptions>;
  /** Per attempt, headers and body included. Default 60 000 (dlt's 60 s). */
  timeoutMs?: number;
  logger?: Logger;
  redactor?: Redactor;
  responseActions?: ResponseAction[];
  /** A page is buffered whole; a body larger than this fails with ResponseTooLargeError. Default 256 MiB. */
  maxResponseBytes?: number;
}

export interface ClientHooks {
  /** Before every attempt (request already redacted). */
  onRequest?(request: PageRequest, attempt: number): void;
  /** After every response, including ones that will be retried. */
  onResponse?(response: { status: number; url: string; elapsedMs: number; bytes: number; attempt: number }): void;
  onRetry?(event: RetryEvent): void;
  onPage?(page: Page): void;
}

export interface RequestOptions {
  method?: string;
  params?: Record<string, QueryValue>;
  json?: unknown;
  /** Form body (urlencoded) or a raw string body. */
  data?: Record<string, string | number | boolean> | string;
  headers?: Record<string, string>;
  hooks?: ClientHooks;
  signal?: AbortSignal;
  responseActions?: ResponseAction[];
  timeoutMs?: number;
}

export interface PaginateOptions extends RequestOptions {
  paginator?: PaginatorConfig | string | BasePaginator | null;
  dataSelector?: string;
}

/** A single response from `request`/`get`/`post`. Headers and URL are redacted; the body is not. */
export interface ClientResponse {
  status: number;
  statusText: string;
  url: string;
  headers: Record<string, string>;
  text: string;
  bytes: number;
  elapsedMs: number;
  retries: RetryEvent[];
  request: PageRequest;
  /** Set when a `response_actions` rule with `ignore` matched. */
  ignored?: string;
  /** Parses the body as JSON (undefined when empty); throws ResponseParseError with position and excerpt. */
  json(): unknown;
}

interface Exchange {
  status: number;
  statusText: string;
  headers: Headers;
  text: string;
  bytes: number;
  elapsedMs: number;
  /** Requested URL before auth, unredacted (paginators resolve links against it). */
  url: string;
  request: PageRequest;
  retries: RetryEvent[];
  ignored?: string;
}

const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/**
 * The REST client: builds requests, applies auth, retries, response actions and redaction, and walks paginated
 * endpoints page by page. Isomorphic: global fetch only. Node's global fetch (undici) keeps connections alive and
 * reuses them by default, so consecutive pages go over the same socket.
 */
export class RestClient {
  readonly baseUrl: string | undefined;
  readonly auth: AuthBase | undefined;
  private readonly headers: Record<string, string>;
  private readonly paginator: PaginatorConfig | string | BasePaginator | null | undefined;
  private readonly dataSelector: string | undefined;
  private readonly retry: RetryOptions;
  private readonly timeoutMs: number;
  private readonly logger: Logger;
  private readonly redactor: Redactor;
  private readonly responseActions: ResponseAction[];
  private readonly maxResponseBytes: number;

  constructor(options: RestClientOptions = {}) {
    this.redactor = options.redactor ?? defaultRedactor;
    this.baseUrl = options.baseUrl;
    this.headers = { ...options.headers };
    this.auth = createAuth(options.auth, { redactor: this.redactor });
    // Fail on a bad paginator config now, not at the first page; keep the config so each walk gets fresh state.
    if (options.paginator) createPaginator(options.paginator);
    this.paginator = options.paginator;
    this.dataSelector = options.dataSelector;
    this.retry = resolveRetryOptions(options.retry);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.logger = options.logger ?? silentLogger;
    this.responseActions = checkResponseActions(options.responseActions);
    this.maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  get(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<ClientResponse> {
    return this.request(path, { ...options, method: 'GET' });
  }

  post(path: string, options: Omit<RequestOptions, 'method'> = {}): Promise<ClientResponse> {
    return this.request(path, { ...options, method: 'POST' });
  }

  /** One request with retries, auth and response actions. Throws HttpError for an error status after retries. */
  async request(path: string, options: RequestOptions = {}): Promise<ClientResponse> {
    const ex = await this.exchange(this.specFor(path, options), options);
    const response: ClientResponse = {
      status: ex.status, statusText: ex.statusText, url: ex.request.url, headers: this.redactor.redactHeaders(ex.headers),
      text: ex.text, bytes: ex.bytes, elapsedMs: ex.elapsedMs, retries: ex.retries, request: ex.request,
      json: () => this.parse(ex),
    };
    if (ex.ignored !== undefined) response.ignored = ex.ignored;
    return response;
  }

  /** Walks a paginated endpoint; yields one Page per response and never holds more than one page. */
  async *paginate(path: string, options: PaginateOptions = {}): AsyncGenerator<Page, void, undefined> {
    const spec = this.specFor(path, options);
    const paginator = createPaginator(options.paginator ?? this.paginator);
    const selector = options.dataSelector ?? this.dataSelector;
    paginator.initRequest(spec);
    // Credentials go only to the origin the walk started on: a next link to another host gets none.
    const authOrigin = new URL(spec.url).origin;
    let warnedSelector = false;
    let previousBody: string | undefined;
    for (let number = 1; ; number++) {
      const ex = await this.exchange(spec, options, authOrigin);
      const response = {
        status: ex.status, statusText: ex.statusText, headers: this.redactor.redactHeaders(ex.headers),
        elapsedMs: ex.elapsedMs, bytes: ex.bytes,
      };
      if (ex.ignored !== undefined) {
        const page: Page = {
          number, records: [], request: ex.request, response, retries: ex.retries, data: undefined, text: '',
          selector: { path: selector ?? '$', detected: selector === undefined, matched: false }, ignored: ex.ignored,
          paginator: { type: paginator.type, state: paginator.state, hasNext: false, reason: `response ignored by ${ex.ignored}` },
        };
        options.hooks?.onPage?.(page);
        yield page;
        return;
      }
      const data = this.parse(ex);
      const selection = selectRecords(data, selector);
      if (previousBody !== undefined && selection.records.length > 0 && ex.text === previousBody) {
        // Loading these records again would duplicate them, page after page.
        throw new PaginationLoopError({ paginator: paginator.type, kind: 'response', value: ex.request.url, pages: number - 1 });
      }
      previousBody = ex.text;
      const info: ResponseInfo = { status: ex.status, headers: ex.headers, url: ex.url };
      paginator.updateState(info, data, selection.records);
      const page: Page = {
        number, records: selection.records, request: ex.request, response, retries: ex.retries, data, text: ex.text,
        selector: { path: selection.path, detected: selection.detected, matched: selection.matched },
        paginator: { type: paginator.type, state: paginator.state, hasNext: paginator.hasNextPage, reason: paginator.reason },
      };
      if (paginator instanceof AutoPaginator && paginator.detection) {
        const d = paginator.detection;
        page.paginator.detected = { type: d.type, score: d.score, reason: d.reason };
      }
      this.logger.debug(
        `Extracted ${page.records.length} records from \`${selection.path}\` (page ${number}, ${paginator.type}: ${paginator.reason})`,
      );
      options.hooks?.onPage?.(page);
      yield page;
      // Said once the caller took the page and went on: a caller that stops on it (a resource fails the run, naming
      // the resource) has said it better, and the user would read both.
      if (!selection.matched && !selection.detected && data !== undefined && !warnedSelector) {
        warnedSelector = true; // a typo in data_selector would otherwise look like an empty API
        this.logger.warn(`data_selector \`${selection.path}\` matched nothing in the response of ${ex.request.method} ${ex.request.url}`);
      }
      if (paginator.loop) {
        throw new PaginationLoopError({
          paginator: page.paginator.detected?.type ?? paginator.type, kind: paginator.loop.kind,
          value: paginator.loop.kind === 'next link' ? this.redactor.redactUrl(paginator.loop.value) : this.redactor.redactText(paginator.loop.value),
          pages: number,
        });
      }
      if (!paginator.hasNextPage) return;
      paginator.updateRequest(spec);
    }
  }

  private specFor(path: string, options: RequestOptions): RequestSpec {
    const spec: RequestSpec = {
      method: (options.method ?? 'GET').toUpperCase(),
      url: joinUrl(this.baseUrl, path),
      params: { ...options.params },
      headers: { ...options.headers },
    };
    if (options.json !== undefined) spec.json = options.json;
    if (options.data !== undefined) spec.data = options.data;
    return spec;
  }

  /**
   * Configured headers for one request. To another origin than the walk's (a next link elsewhere), none that
   * carries a credential goes: neither one whose name says so (`Authorization`, `X-Api-Key`, …) nor one whose value
   * holds a secret (a `{secrets.…}` placeholder or a literal the config protected), as auth is withheld there too.
   */
  private sendable(headers: Record<string, string>, crossOrigin: boolean): Record<string, string> {
    if (!crossOrigin) return headers;
    const kept: Record<string, string> = {};
    for (const [name, value] of Object.entries(headers)) {
      if (!isSecretHeaderName(name) && this.redactor.redactText(value) === value) kept[name] = value;
    }
    return kept;
  }

  /** Parses a JSON body; empty → undefined. The error says where and shows a redacted excerpt. */
  private parse(ex: Exchange): unknown {
    return parseJsonBody(ex.text, ex.headers.get('content-type'), ex.request, this.redactor);
  }

  /** Sends one logical request: attempts, retries, auth refresh on 401, response actions, status checks. */
  private async exchange(spec: RequestSpec, options: RequestOptions, authOrigin?: string): Promise<Exchange> {
    const actions = options.responseActions ? checkResponseActions(options.responseActions) : this.responseActions;
    const retries: RetryEvent[] = [];
    const hooks = options.hooks;
    let refreshedAuth = false;
    for (let attempt = 1; ; attempt++) {
      const url = buildUrl(spec);
      const target = new URL(url);
      const crossOrigin = authOrigin !== undefined && target.origin !== authOrigin;
      const headers = new Headers({ Accept: 'application/json', ...this.sendable(this.headers, crossOrigin), ...this.sendable(spec.headers, crossOrigin) });
      let body: string | URLSearchParams | undefined;
      if (spec.json !== undefined) {
        body = JSON.stringify(spec.json);
        if (!headers.has('content-type')) headers.set('Content-Type', 'application/json');
      } else if (typeof spec.data === 'string') {
        body = spec.data;
      } else if (spec.data !== undefined) {
        body = new URLSearchParams(Object.entries(spec.data).map(([k, v]) => [k, String(v)]));
      }
      const auth = authOrigin === undefined || target.origin === authOrigin ? this.auth : undefined;
      if (auth) await auth.apply({ url: target, headers, signal: options.signal });
      const request: PageRequest = {
        method: spec.method, url: this.redactor.redactUrl(target.href), headers: this.redactor.redactHeaders(headers),
      };
      if (spec.json !== undefined) request.body = this.redactor.redactJson(spec.json);
      else if (spec.data !== undefined) request.body = typeof spec.data === 'string' ? this.redactor.redactText(spec.data) : this.redactor.redactJson(spec.data);
      hooks?.onRequest?.(request, attempt);

      const retryAfterFailure = async (reason: string, status: number | undefined, retryAfterMs: number | undefined): Promise<void> => {
        const { delayMs, retryAfter } = retryDelay(attempt, this.retry, retryAfterMs);
        const event: RetryEvent = { attempt, method: spec.method, url: request.url, reason, delayMs, retryAfter, at: new Date().toISOString() };
        if (status !== undefined) event.status = status;
        retries.push(event);
        this.logger.warn(`Retrying ${spec.method} ${request.url} after ${reason} (attempt ${attempt} of ${this.retry.attempts}, waiting ${delayMs} ms${retryAfter ? ' as Retry-After asks' : ''})`);
        hooks?.onRetry?.(event);
        try {
          await sleep(delayMs, options.signal);
        } catch (error) {
          throw new NetworkError('aborted', `${spec.method} ${request.url} was aborted while waiting to retry`, { cause: error, method: spec.method, url: request.url });
        }
      };

      const started = performance.now();
      let result: { response: Response; text: string; bytes: number };
      try {
        result = await fetchAttempt(target.href, { method: spec.method, headers, body }, {
          timeoutMs: options.timeoutMs ?? this.timeoutMs, signal: options.signal, maxResponseBytes: this.maxResponseBytes, redactor: this.redactor, shownUrl: request.url,
        });
      } catch (error) {
        if (!(error instanceof NetworkError) || !error.retryable || attempt >= this.retry.attempts) {
          if (error instanceof NetworkError && error.retryable && attempt > 1) {
            throw new NetworkError(error.failure, `${error.message} (after ${attempt} attempts)`, { cause: error.cause, method: spec.method, url: request.url });
          }
          throw error;
        }
        await retryAfterFailure(error.failure === 'timeout' ? `timeout after ${options.timeoutMs ?? this.timeoutMs} ms` : error.message.replace(/^.*? failed: /, ''), undefined, undefined);
        continue;
      }
      const { response, text, bytes } = result;
      const elapsedMs = Math.round((performance.now() - started) * 10) / 10;
      hooks?.onResponse?.({ status: response.status, url: request.url, elapsedMs, bytes, attempt });
      const exchange: Exchange = {
        status: response.status, statusText: response.statusText, headers: response.headers, text, bytes, elapsedMs, url, request, retries,
      };
      const statusWords = `${response.status} ${response.statusText}`.trim();
      const matched = matchResponseAction(actions, response.status, text);
      if (matched?.rule.action === 'ignore') {
        exchange.ignored = `response_actions[${matched.index}]`;
        this.logger.info(`Ignored ${spec.method} ${request.url}: ${statusWords} matched response_actions[${matched.index}]`);
        return exchange;
      }
      if (matched?.rule.action === 'fail') {
        throw new ResponseActionError({
          method: spec.method, url: request.url, status: response.status, rule: `response_actions[${matched.index}]`, body: this.redactor.redactText(text),
        });
      }
      if (response.status === 401 && auth && !refreshedAuth && !matched) {
        refreshedAuth = true;
        if (await auth.onUnauthorized()) {
          const event: RetryEvent = {
            attempt, method: spec.method, url: request.url, reason: '401 Unauthorized: credentials refreshed', status: 401, delayMs: 0, retryAfter: false, at: new Date().toISOString(),
          };
          retries.push(event);
          hooks?.onRetry?.(event);
          this.logger.info(`Refreshed credentials after 401 from ${spec.method} ${request.url}; retrying once`);
          attempt--; // a credential refresh is not a failed attempt
          continue;
        }
      }
      const retryable = matched?.rule.action === 'retry' || (!matched && isRetryableStatus(response.status, this.retry));
      if (retryable && attempt < this.retry.attempts) {
        const reason = matched ? `${statusWords} (response_actions[${matched.index}]: retry)` : statusWords;
        await retryAfterFailure(reason, response.status, parseRetryAfter(response.headers.get('retry-after')));
        continue;
      }
      if (response.status >= 400 || retryable) {
        throw new HttpError({
          method: spec.method, url: request.url, status: response.status, statusText: response.statusText,
          body: this.redactor.redactText(text), attempts: attempt,
        });
      }
      return exchange;
    }
  }
}
