/**
 * An integer in a JSON body that a JavaScript number cannot hold exactly (beyond ±2^53, such as 64-bit ids), kept
 * as its digits. JSON output (`toJSON`) is the digits as a string, so no serializer rounds it or throws on it;
 * text (`${value}`, URLs, params) is the digits; comparisons (`valueOf`) are by BigInt, so an incremental cursor
 * orders it right against numbers, digit strings and other exact integers.
 */
export class ExactInteger {
  constructor(readonly digits: string) {}

  toJSON(): string {
    return asLiteral ? LITERAL_MARK + this.digits : this.digits;
  }

  toString(): string {
    return this.digits;
  }

  valueOf(): bigint {
    return BigInt(this.digits);
  }
}

const LITERAL_MARK = '\u0000exact-integer:';
/** `JSON.stringify` writes the mark's NUL as `\u0000`: a marked value in the output reads like this. */
const MARKED = /"\\u0000exact-integer:(-?\d+)"/g;
let asLiteral = false;

/**
 * `JSON.stringify`, with exact integers written as number literals (not strings), so that `parseJson` reads the
 * text back to the same values: for records kept as text to be normalized later (a load package's raw pages), and
 * for showing a body as it was sent (`space` indents, as in `JSON.stringify`).
 */
export function stringifyKeepingIntegers(value: unknown, space?: number): string {
  asLiteral = true;
  let text: string;
  try {
    text = JSON.stringify(value, null, space);
  } finally {
    asLiteral = false;
  }
  return text.includes('exact-integer:') ? text.replace(MARKED, '$1') : text;
}
