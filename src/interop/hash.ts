// SHA-256 of text as lowercase hex, as lm-evaluation-harness's hash_string (hashlib.sha256 of the
// UTF-8 bytes) writes it.
export async function sha256Hex(text: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

const hex = (code: number, width: number) => code.toString(16).padStart(width, '0');

/** Python's repr of a str: single quotes unless the text holds ' and no ", escapes as CPython writes them. */
function pyReprString(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = quote;
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    // Python escapes what str.isprintable() refuses: other (C*) and separator (Z*) characters but ' '.
    else if (ch !== ' ' && /[\p{C}\p{Z}]/u.test(ch)) out += code <= 0xff ? `\\x${hex(code, 2)}` : code <= 0xffff ? `\\u${hex(code, 4)}` : `\\U${hex(code, 8)}`;
    else out += ch;
  }
  return out + quote;
}

/** Python's str() of a target: a string as it is, a list of strings as its repr ("['a', 'b']"). */
export function pythonStr(target: string | readonly string[]): string {
  return typeof target === 'string' ? target : `[${target.map(pyReprString).join(', ')}]`;
}
