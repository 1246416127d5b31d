import { SluiceError } from './sluice-error';
import { bodyExcerpt } from './http-error';

/** A `response_actions` rule with `action: "fail"` matched a response. `url` and `body` are already redacted. */
export class ResponseActionError extends SluiceError {
  readonly status: number;

  constructor(init: { method: string; url: string; status: number; rule: string; body: string }) {
    const excerpt = bodyExcerpt(init.body, 200);
    super(
      'RESPONSE_ACTION_FAIL',
      `${init.method} ${init.url} matched response action ${init.rule} (action \`fail\`): status ${init.status}` +
        (excerpt ? `: ${excerpt}` : ''),
      { details: { method: init.method, url: init.url, status: init.status, rule: init.rule, body: excerpt } },
    );
    this.name = 'ResponseActionError';
    this.status = init.status;
  }
}
