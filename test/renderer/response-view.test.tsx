// @vitest-environment jsdom
import { act } from 'react';
import { createRoot, type Root } from 'react-dom/client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PreviewResponse } from '../../core/index';
import { fromErrorData } from '../../core/index';
import { ErrorAlert } from '../../renderer/components/error-alert';
import { ResponseView } from '../../renderer/features/request-preview/response-view';

// Components rendered in jsdom: what a person reads, without a browser. (Monaco needs a real browser: e2e covers it.)
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

let container: HTMLElement;
let root: Root;

beforeEach(() => {
  container = document.createElement('div');
  document.body.append(container);
  root = createRoot(container);
});

afterEach(() => {
  act(() => root.unmount());
  container.remove();
});

const textResponse: PreviewResponse = {
  request: { method: 'GET', url: 'https://api.example.com/items?api_key=***', headers: {} },
  status: 502,
  statusText: 'Bad Gateway',
  headers: { 'content-type': 'text/html', 'set-cookie': '***', 'x-request-id': 'r-1' },
  elapsedMs: 1234,
  sizeBytes: 2048,
  bodyKind: 'text',
  body: '<h1>502 Bad Gateway</h1>',
  bodyText: '<h1>502 Bad Gateway</h1>',
  truncated: true,
};

describe('ResponseView', () => {
  it('shows status, time, size, truncation and a text body as text', () => {
    act(() => root.render(<ResponseView response={textResponse} />));
    expect(container.querySelector('[data-testid="response-status"]')?.textContent).toBe('502 Bad Gateway');
    expect(container.querySelector('[data-testid="response-time"]')?.textContent).toBe('1.23 s');
    expect(container.querySelector('[data-testid="response-size"]')?.textContent).toBe('2.0 kB');
    expect(container.textContent).toContain('Truncated');
    expect(container.querySelector('[data-testid="response-text"]')?.textContent).toBe('<h1>502 Bad Gateway</h1>');
    expect(container.querySelector('h1')).toBeNull(); // shown, never rendered as HTML
  });

  it('lists the headers sorted, with masked values as the host sent them', () => {
    act(() => root.render(<ResponseView response={textResponse} />));
    const tab = [...container.querySelectorAll('[role="tab"]')].find((t) => t.textContent === 'Headers (3)') as HTMLElement;
    act(() => tab.click());
    const rows = [...container.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent));
    expect(rows).toEqual([['content-type', 'text/html'], ['set-cookie', '***'], ['x-request-id', 'r-1']]);
  });

  it('says so when the body is empty', () => {
    act(() => root.render(<ResponseView response={{ ...textResponse, status: 204, statusText: 'No Content', bodyKind: 'empty', body: '', bodyText: '', truncated: false }} />));
    expect(container.textContent).toContain('The response has no body.');
  });
});

describe('ErrorAlert', () => {
  it('shows a title, the message and the code, and no stack', () => {
    const error = fromErrorData({ name: 'NetworkError', code: 'NETWORK_TIMEOUT', message: 'GET https://api.example.com/slow failed: no response within 30000 ms' });
    act(() => root.render(<ErrorAlert error={error} />));
    const alert = container.querySelector('[role="alert"]');
    expect(alert?.textContent).toBe('Request timed outGET https://api.example.com/slow failed: no response within 30000 msNETWORK_TIMEOUT');
    expect(error.stack).toBeTruthy();
    expect(alert?.textContent).not.toMatch(/\bat .+:\d+:\d+/);
  });

  it('shows the names a message quotes in backticks as code, without the backticks', () => {
    const error = fromErrorData({ name: 'SecretsMoveError', code: 'SECRETS_MOVE_CONFLICT', message: 'cannot move from `[sources.a]` to `[sources.b]`: `token` differs; a lone ` stays' });
    act(() => root.render(<ErrorAlert error={error} />));
    const alert = container.querySelector('[role="alert"]');
    expect([...alert!.querySelectorAll('code')].map((c) => c.textContent)).toEqual(['[sources.a]', '[sources.b]', 'token', 'SECRETS_MOVE_CONFLICT']);
    expect(alert?.textContent).toContain('cannot move from [sources.a] to [sources.b]: token differs; a lone ` stays');
  });
});
