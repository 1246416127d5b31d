/**
 * Finds where and why a JSON text is invalid. Node 20's JSON.parse messages often carry neither a position nor a
 * line ("Unexpected token ']', ..."), and a person editing a config needs the line and column.
 */
export function findJsonSyntaxError(text: string): { offset: number; message: string } | undefined {
  let i = 0;
  const fail = (message: string): never => { throw { offset: i, message }; };
  const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++; };
  const describe = () => (i >= text.length ? 'the end of the file' : `\`${text[i]}\``);
  const value = (): void => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return number();
    for (const word of ['true', 'false', 'null']) if (text.startsWith(word, i)) { i += word.length; return; }
    fail(`expected a value, got ${describe()}`);
  };
  const string = (): void => {
    i++;
    while (i < text.length && text[i] !== '"') {
      if (text[i] === '\\') i++;
      else if (text[i]! < ' ') fail('a control character (such as a line break) inside a string; write it as `\\n`');
      i++;
    }
    if (i >= text.length) fail('the string is never closed');
    i++;
  };
  const number = (): void => {
    const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
    if (!m) fail(`expected a number, got ${describe()}`);
    i += m![0].length;
  };
  const array = (): void => {
    i++; ws();
    if (text[i] === ']') { i++; return; }
    for (;;) {
      value(); ws();
      if (text[i] === ',') { i++; ws(); if (text[i] === ']') fail('a trailing comma before `]`'); continue; }
      if (text[i] === ']') { i++; return; }
      fail(`expected \`,\` or \`]\` in a list, got ${describe()}`);
    }
  };
  const object = (): void => {
    i++; ws();
    if (text[i] === '}') { i++; return; }
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`expected a key in double quotes, got ${describe()}`);
      string(); ws();
      if (text[i] !== ':') fail(`expected \`:\` after the key, got ${describe()}`);
      i++;
      value(); ws();
      if (text[i] === ',') { i++; ws(); if (text[i] === '}') fail('a trailing comma before `}`'); continue; }
      if (text[i] === '}') { i++; return; }
      fail(`expected \`,\` or \`}\` in an object, got ${describe()}`);
    }
  };
  try {
    value(); ws();
    if (i < text.length) fail(`unexpected ${describe()} after the end of the JSON value`);
    return undefined;
  } catch (error) {
    if (typeof error === 'object' && error !== null && 'offset' in error) return error as { offset: number; message: string };
    throw error;
  }
}
