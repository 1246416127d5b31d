import { selectRecords } from '../http/data-selector';
import { parseJson } from '../http/parse-json';
import type { SourceRecord } from '../source/types';

/**
 * A batch of records as text, the form in which it crosses to the normalize worker: either a page body with the
 * data selector that finds the records in it (the worker parses the page itself, so the main thread serializes
 * nothing), or, without `dataSelector`, the records serialized as a JSON array.
 */
export interface BatchText {
  text: string;
  dataSelector?: string;
}

/** The records of a batch: the same body through the same selector gives the same records the source yielded. */
export function recordsOfBatchText(batch: BatchText): SourceRecord[] {
  const parsed = parseJson(batch.text);
  if (batch.dataSelector === undefined) return parsed as SourceRecord[];
  return selectRecords(parsed, batch.dataSelector).records as SourceRecord[];
}
