import type { SluiceErrorData } from '../errors/sluice-error';
import type { BatchText } from './batch-text';
import type { Schema, TableHints } from '../schema/types';
import type { TableFileFormat } from '../destinations/table-file-format';
import type { ClosedPart, NormalizedPackage, TableParts } from './package-normalizer';

/** What the normalize worker starts with (`workerData`). */
export interface NormalizeWorkerInit {
  packagesRoot: string;
  loadId: string;
  pipelineName: string;
  schema: Schema;
  maxIdentifierLength: number;
  hints: TableHints[];
  /** Table file parts the main thread already wrote for this package. */
  existing: Record<string, TableParts>;
  partBytes?: number;
  format: TableFileFormat;
}

export type ToNormalizeWorker =
  | ({ type: 'batch'; resource: string } & BatchText)
  | { type: 'finish' };

export type FromNormalizeWorker =
  /** `schema` when the batch changed it (and with the first ack): a frozen normalizer in the main thread follows it. */
  | { type: 'ack'; records: number; rows: number; schema?: Schema }
  | { type: 'part'; part: ClosedPart }
  | { type: 'done'; result: NormalizedPackage }
  | { type: 'error'; error: SluiceErrorData };
