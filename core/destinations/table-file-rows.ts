import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { TableBatch } from '../normalize/table-batch';
import { tableFileFormatOf } from './table-file-format';

/**
 * A table file's rows as JSON text, one row object each, in file order, whichever format the file is in: for a
 * destination that loads one row per line (BigQuery) given a package written in `jsonl_columns`. Re-serializing a
 * row is exact: the numbers in table files are ones a JavaScript number holds (wider integers are written as digit
 * strings), so they read back and print unchanged.
 */
export async function* tableFileRows(file: string): AsyncGenerator<string> {
  const columns = tableFileFormatOf(file) === 'jsonl_columns';
  const lines = createInterface({ input: createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 }), crlfDelay: Infinity });
  let number = 0;
  for await (const text of lines) {
    number++;
    const line = text.trim();
    if (line === '') continue;
    if (!columns) {
      yield line;
      continue;
    }
    let parsed: Record<string, unknown[]>;
    try {
      parsed = JSON.parse(line) as Record<string, unknown[]>;
    } catch (error) {
      throw new Error(`line ${number} of table file ${file} is not valid JSON (${error instanceof Error ? error.message.slice(0, 120) : String(error)})`, { cause: error });
    }
    for (const row of TableBatch.fromColumns(parsed).toRows()) yield JSON.stringify(row);
  }
}
