import type { Page } from '../http/page';
import type { TableHints } from '../schema/types';
import { limitBatches } from './limit-batches';
import { toPageInfo } from './page-info';
import type { ExtractContext, RecordBatch, SourceRecord, SourceResource } from './types';

export interface ResourceDefinition {
  name: string;
  /** Table hints; `table_name` defaults to the name, `write_disposition` to `append`. */
  hints?: Partial<Omit<TableHints, 'resource'>>;
  /** Default true. */
  selected?: boolean;
  /**
   * Yields pages from `RestClient.paginate` (their records and page facts are kept) or plain arrays of records.
   * Read and write incremental state through `context.state`.
   */
  extract(context: ExtractContext): AsyncIterable<Page | SourceRecord[]>;
}

function isPage(value: Page | SourceRecord[]): value is Page {
  return !Array.isArray(value);
}

/**
 * dlt's imperative path: a resource written in code on top of `RestClient`, usable wherever a config resource is.
 *
 *   const client = new RestClient({ baseUrl, auth: { type: 'bearer', token } });
 *   const repos = defineResource({ name: 'repos', extract: () => client.paginate('orgs/acme/repos') });
 */
export function defineResource(definition: ResourceDefinition): SourceResource {
  const hints: TableHints = {
    resource: definition.name,
    table_name: definition.hints?.table_name ?? definition.name,
    write_disposition: definition.hints?.write_disposition ?? 'append',
    ...definition.hints,
  };
  return {
    name: definition.name,
    hints,
    selected: definition.selected ?? true,
    extract(context: ExtractContext): AsyncIterable<RecordBatch> {
      async function* batches(): AsyncGenerator<RecordBatch> {
        let number = 0;
        for await (const item of definition.extract(context)) {
          number++;
          yield isPage(item)
            ? { records: item.records as SourceRecord[], page: toPageInfo(item, number) }
            : { records: item };
        }
      }
      return limitBatches(batches(), context.limits);
    },
  };
}
