import { BasePaginator } from './base';

/** Exactly one request (single entities, unpaginated lists). */
export class SinglePagePaginator extends BasePaginator {
  readonly type = 'single_page';

  updateState(): void {
    this.stop('single page: one request only');
  }

  updateRequest(): void {
    // Never called: there is no next page.
  }
}
