import { ExactInteger } from './exact-integer';

/** The shortest integer literal that may be beyond ±2^53 (9007199254740991 has 16 digits). */
const LONG_RUN = 16;
/** Stands in for an unsafe integer while `JSON.parse` reads the text (a NUL never appears unescaped in JSON). */
const MARKER = '\u0000exact-integer:';

/**
 * `JSON.parse`, except that an integer a JavaScript number would round (beyond ±2^53) becomes an `ExactInteger`
 * with its digits as written: dlt (Python) keeps such ids exact, and two ids that round alike would otherwise
 * merge into one row. A body without a run of 16 digits (almost every page) goes straight to `JSON.parse`.
 */
export function parseJson(text: string): unknown {
  if (!hasLongDigitRun(text)) return JSON.parse(text);
  const rewritten = markUnsafeIntegers(text);
  if (rewritten === undefined) return JSON.parse(text);
  try {
    return JSON.parse(rewritten, (_key, value: unknown) =>
      typeof value === 'string' && value.startsWith(MARKER) ? new ExactInteger(value.slice(MARKER.length)) : value);
  } catch {
    // Report the error at its place in the text as received, not in the rewritten one.
    return JSON.parse(text);
  }
}

/**
 * Whether the text has LONG_RUN digits in a row. Any such run covers one of every LONG_RUN-th position, so only
 * those are looked at (and the run around a digit found there): a third of a regex's time on a 350 KB page.
 */
function hasLongDigitRun(text: string): boolean {
  const n = text.length;
  for (let i = LONG_RUN - 1; i < n; i += LONG_RUN) {
    if (!isDigit(text.charCodeAt(i))) continue;
    let start = i;
    while (start > 0 && isDigit(text.charCodeAt(start - 1))) start--;
    let end = i;
    while (end + 1 < n && isDigit(text.charCodeAt(end + 1))) end++;
    if (end - start + 1 >= LONG_RUN) return true;
    i = end; // the next look is LONG_RUN past this run's end: still one in every window of LONG_RUN
  }
  return false;
}

/** The text with every unsafe integer literal outside strings turned into a marked string; undefined when none. */
function markUnsafeIntegers(text: string): string | undefined {
  const parts: string[] = [];
  let copied = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      i = afterString(text, i);
      continue;
    }
    if (c !== 45 && !isDigit(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === 45) i++;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    const intEnd = i;
    let integer = true;
    if (text.charCodeAt(i) === 46) { // fraction
      integer = false;
      i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    const e = text.charCodeAt(i);
    if (e === 101 || e === 69) { // exponent
      integer = false;
      i++;
      if (text.charCodeAt(i) === 43 || text.charCodeAt(i) === 45) i++;
      while (i < n && isDigit(text.charCodeAt(i))) i++;
    }
    if (integer && intEnd - start >= 16) {
      const literal = text.slice(start, intEnd);
      if (!Number.isSafeInteger(Number(literal))) {
        parts.push(text.slice(copied, start), JSON.stringify(MARKER + literal));
        copied = intEnd;
      }
    }
  }
  if (parts.length === 0) return undefined;
  parts.push(text.slice(copied));
  return parts.join('');
}

/** Index just past the string literal opening at `open` (or the end of the text when it is unterminated). */
function afterString(text: string, open: number): number {
  let from = open + 1;
  for (;;) {
    const quote = text.indexOf('"', from);
    if (quote < 0) return text.length;
    let backslashes = 0;
    for (let k = quote - 1; text.charCodeAt(k) === 92; k--) backslashes++;
    if (backslashes % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}
