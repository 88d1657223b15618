import { HttpError } from '../../http/errors.js';

/** PostgreSQL's largest counted repeat (`{n,m}`, RE_DUP_MAX). */
const MAX_REPEAT = 255;

/** JavaScript's `.` (no `s` flag): anything but line terminators. PostgreSQL's `.` matches newlines too. */
const DOT = '[^\\n\\r\\u2028\\u2029]';

const hex4 = (code: number) => `\\u${code.toString(16).padStart(4, '0')}`;
const isHex = (s: string) => /^[0-9a-fA-F]+$/.test(s);

/**
 * Translate a JavaScript regular expression (no flags, already accepted by `compileUserRegex`:
 * valid, no backreferences or lookaround) into PostgreSQL's advanced regular expression syntax
 * with the same matches: `\b` -> `\y`, `.` excludes line terminators, `\xHH` -> `\u00HH`, identity
 * escapes and lone braces become literals, character classes are rebuilt so `[:`, `[.`, `[=` are
 * never POSIX classes. What has no faithful translation (a repeat over 255, `\0`) is a 400.
 *
 * @example
 * toPostgresRegex('^img_\\d+\\.png$'); // '^img_\\d+\\.png$'
 */
export function toPostgresRegex(src: string, where = '$match'): string {
  const refuse = (what: string): never => {
    throw new HttpError(400, `DQL: ${where}: ${what} is not supported`);
  };
  let out = '';
  let i = 0;
  /** One escape sequence after a backslash at `i` (outside or inside a class): its ARE form. */
  const escapeAt = (inClass: boolean): string => {
    const c = src[i + 1];
    if (c === undefined) return refuse('a trailing backslash');
    i += 2;
    switch (c) {
      case 'd':
      case 'D':
      case 's':
      case 'S':
      case 'w':
      case 'W':
      case 'n':
      case 'r':
      case 't':
      case 'f':
      case 'v':
        return `\\${c}`;
      case 'b':
        return inClass ? '\\u0008' : '\\y'; // inside a class \b is a backspace
      case 'B':
        return inClass ? 'B' : '\\Y';
      case '0':
        return refuse('\\0 (NUL)');
      case 'x': {
        const h = src.slice(i, i + 2);
        if (h.length === 2 && isHex(h)) {
          i += 2;
          return hex4(Number.parseInt(h, 16));
        }
        return 'x';
      }
      case 'u': {
        const h = src.slice(i, i + 4);
        if (h.length === 4 && isHex(h)) {
          i += 4;
          return `\\u${h.toLowerCase()}`;
        }
        return 'u';
      }
      case 'c': {
        const l = src[i];
        if (l && /[A-Za-z]/.test(l)) {
          i += 1;
          return hex4(l.charCodeAt(0) % 32);
        }
        // `\c` without a letter is a literal backslash and `c`
        return inClass ? '\\\\c' : '\\\\c';
      }
      default:
        // Identity escapes: `\.` is a dot; `\q` (no meaning) is a q.
        return /[A-Za-z0-9]/.test(c) ? c : `\\${c}`;
    }
  };
  /** A literal character outside a class: ARE's special characters escaped. */
  const literal = (ch: string) => (/[.[\](){}*+?|^$\\]/.test(ch) ? `\\${ch}` : ch);
  /** A literal character inside a class: what could end it, escape, negate or open `[:` escaped. */
  const classLiteral = (ch: string) => (/[[\]\\^-]/.test(ch) ? `\\${ch}` : ch);

  while (i < src.length) {
    const ch = src[i]!;
    if (ch === '\\') {
      out += escapeAt(false);
    } else if (ch === '[') {
      // A character class: rebuilt element by element.
      i++;
      let negate = false;
      if (src[i] === '^') {
        negate = true;
        i++;
      }
      if (src[i] === ']') {
        // JavaScript's `[]` never matches, `[^]` matches anything.
        i++;
        out += negate ? '(?:.|\\n)' : '(?!)';
        continue;
      }
      let body = '';
      while (i < src.length && src[i] !== ']') {
        if (src[i] === '\\') body += escapeAt(true);
        else if (src[i] === '-') {
          // A range dash between two members stays a range; at the edges, or next to a class
          // escape like \d (JavaScript reads `[\d-z]` as three members), it is literal.
          const nextIsClass = /^\\[dDsSwW]/.test(src.slice(i + 1));
          const literalDash = body === '' || src[i + 1] === ']' || /\\[dDsSwW]$/.test(body) || nextIsClass;
          body += literalDash ? '\\-' : '-';
          i++;
        } else {
          body += classLiteral(src[i]!);
          i++;
        }
      }
      i++; // the closing ]
      out += `[${negate ? '^' : ''}${body}]`;
    } else if (ch === '.') {
      out += DOT;
      i++;
    } else if (ch === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(src.slice(i));
      if (m) {
        const lo = Number(m[1]);
        const hi = m[3] ? Number(m[3]) : lo;
        if (lo > MAX_REPEAT || hi > MAX_REPEAT) refuse(`a counted repeat over ${MAX_REPEAT}`);
        out += m[0];
        i += m[0].length;
      } else {
        out += '\\{'; // a lone brace is a literal in JavaScript
        i++;
      }
    } else if (ch === '}' || ch === ']') {
      out += `\\${ch}`;
      i++;
    } else if (ch === '(') {
      const named = /^\(\?<([A-Za-z_$][\w$]*)>/.exec(src.slice(i));
      if (named) {
        out += '(';
        i += named[0].length;
      } else if (src.startsWith('(?:', i)) {
        out += '(?:';
        i += 3;
      } else {
        out += '(';
        i++;
      }
    } else if ('|)^$*+?'.includes(ch)) {
      out += ch;
      i++;
    } else {
      out += literal(ch);
      i++;
    }
  }
  return out;
}
