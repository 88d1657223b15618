import { setFlagsFromString } from 'node:v8';
import { HttpError } from '../http/errors.js';

/** Longest `$match` pattern accepted. */
export const MAX_PATTERN_LENGTH = 1000;

let linear: boolean | undefined;

/**
 * True when V8's linear-time regexp engine (the `l` flag) is usable. It is switched on here, once:
 * user patterns (`$match`, wildcards) then run in time linear in the input, so a pattern like
 * `^(a+)+$` cannot stall the server (it takes seconds to minutes on the backtracking engine).
 */
function linearEngine(): boolean {
  if (linear === undefined) {
    try {
      setFlagsFromString('--enable-experimental-regexp-engine');
      // biome-ignore lint/complexity/useRegexLiterals: a literal with the `l` flag would be a syntax error wherever the flag is unknown.
      new RegExp('a', 'l');
      linear = true;
    } catch {
      linear = false;
      // Best effort elsewhere: fall back to the linear engine after excessive backtracking.
      try {
        setFlagsFromString('--enable-experimental-regexp-engine-on-excessive-backtracks');
      } catch {
        /* not V8 */
      }
    }
  }
  return linear;
}

/** Backreferences and lookaround: never linear, refused. */
const NON_LINEAR = /\\[1-9]|\\k<|\(\?<?[=!]/;
/** A quantified group that itself holds a quantifier (`(a{2,9})+`): the backtracking blow-up shape. */
const NESTED_REPEAT = /\([^()]*[*+}][^()]*\)\s*[*+{]/;

/**
 * Compile a user-supplied regular expression (DQL `$match`, wildcard patterns) so it cannot stall
 * the server: on V8's linear-time engine when the pattern allows it; patterns it refuses only for
 * large counted repeats (`a{48}`) run on the normal engine unless a repeated group holds a repeat.
 * Backreferences and lookaround are refused: 400 naming the problem.
 *
 * @example
 * compileUserRegex('^img_\\d+\\.png$').test('img_12.png'); // true
 */
export function compileUserRegex(pattern: string, where = '$match'): RegExp {
  if (pattern.length > MAX_PATTERN_LENGTH)
    throw new HttpError(400, `DQL: ${where} pattern longer than ${MAX_PATTERN_LENGTH} characters`);
  let re: RegExp;
  try {
    re = new RegExp(pattern);
  } catch {
    throw new HttpError(400, `DQL: ${where} is not a valid regular expression`);
  }
  if (NON_LINEAR.test(pattern))
    throw new HttpError(400, `DQL: ${where}: backreferences and lookaround are not supported`);
  if (!linearEngine()) return re;
  try {
    return new RegExp(pattern, 'l');
  } catch {
    if (NESTED_REPEAT.test(pattern))
      throw new HttpError(400, `DQL: ${where}: a repeated group containing a counted repeat is not supported`);
    return re;
  }
}
