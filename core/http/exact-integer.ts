/**
 * An integer in a JSON body that a JavaScript number cannot hold exactly (beyond ±2^53, such as 64-bit ids), kept
 * as its digits. JSON output (`toJSON`) is the digits as a string, so no serializer rounds it or throws on it;
 * text (`${value}`, URLs, params) is the digits; comparisons (`valueOf`) are by BigInt, so an incremental cursor
 * orders it right against numbers, digit strings and other exact integers.
 */
export class ExactInteger {
  constructor(readonly digits: string) {}

  toJSON(): string {
    return this.digits;
  }

  toString(): string {
    return this.digits;
  }

  valueOf(): bigint {
    return BigInt(this.digits);
  }
}
