import { createReadStream, createWriteStream } from 'node:fs';
import { open, rm } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import { pipeline } from 'node:stream/promises';

/**
 * Reads a `multipart/related` upload (what the client sends for `uploadType=multipart`: part 1 the Job JSON, part 2
 * the file bytes) without holding the file in memory: the raw body is spooled to disk, then the data part is copied
 * out by byte range.
 */
export async function readMultipartUpload(req: IncomingMessage, rawPath: string, dataPath: string): Promise<{ metadata: unknown; bytes: number }> {
  const contentType = req.headers['content-type'] ?? '';
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!/^multipart\/related/i.test(contentType) || !boundary) {
    throw new Error(`expected a multipart/related upload, got content-type \`${contentType}\``);
  }
  await pipeline(req, createWriteStream(rawPath));
  const file = await open(rawPath, 'r');
  try {
    const { size } = await file.stat();
    const head = Buffer.alloc(Math.min(size, 1 << 20));
    await file.read(head, 0, head.length, 0);
    const delimiter = Buffer.from(`--${boundary}`);
    const first = head.indexOf(delimiter);
    const second = head.indexOf(delimiter, first + delimiter.length);
    if (first < 0 || second < 0) throw new Error('multipart upload has fewer than two parts');
    const metaPart = head.subarray(first + delimiter.length, second).toString('utf8');
    const metaBody = metaPart.slice(metaPart.indexOf('\r\n\r\n') + 4).trim();
    const dataHeaderEnd = head.indexOf('\r\n\r\n', second);
    if (dataHeaderEnd < 0) throw new Error('multipart data part has no header terminator');
    const dataStart = dataHeaderEnd + 4;
    const tailLength = Math.min(size, delimiter.length + 256);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    const closing = tail.lastIndexOf(Buffer.from(`\r\n--${boundary}--`));
    if (closing < 0) throw new Error('multipart upload is missing its closing boundary');
    const dataEnd = size - tailLength + closing;
    if (dataEnd > dataStart) {
      await pipeline(createReadStream(rawPath, { start: dataStart, end: dataEnd - 1 }), createWriteStream(dataPath));
    } else {
      await pipeline(async function* () { /* empty file */ }, createWriteStream(dataPath));
    }
    return { metadata: JSON.parse(metaBody) as unknown, bytes: Math.max(0, dataEnd - dataStart) };
  } finally {
    await file.close();
    await rm(rawPath, { force: true });
  }
}
