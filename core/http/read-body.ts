/** Reads a body as UTF-8 text, counting bytes and stopping at `limit`. */
export async function readBody(response: Response, limit: number, tooLarge: () => Error): Promise<{ text: string; bytes: number }> {
  if (!response.body) return { text: '', bytes: 0 };
  const length = response.headers.get('content-length');
  const declared = length === null ? Number.NaN : Number(length);
  if (Number.isFinite(declared) && declared > limit) {
    await response.body.cancel();
    throw tooLarge();
  }
  if (Number.isFinite(declared) && response.headers.get('content-encoding') === null) {
    // Fast path: the size is known and bounded, so let fetch collect the bytes in one piece.
    const buffer = await response.arrayBuffer();
    return { text: new TextDecoder().decode(buffer), bytes: buffer.byteLength };
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const parts: string[] = [];
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limit) {
      await reader.cancel();
      throw tooLarge();
    }
    parts.push(decoder.decode(value, { stream: true }));
  }
  parts.push(decoder.decode());
  return { text: parts.join(''), bytes };
}
