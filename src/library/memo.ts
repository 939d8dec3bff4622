/**
 * A bounded memo for pure string functions that a run calls once per file with values that
 * repeat (object names, telescopes, dates): thousands of files share a few hundred of them.
 */

/** `fn` remembering up to `max` results; when full it starts over (no per-call bookkeeping). */
export function memoized(fn: (s: string) => string, max = 4096): (s: string) => string {
  let seen = new Map<string, string>();
  return (s) => {
    let out = seen.get(s);
    if (out === undefined) {
      out = fn(s);
      if (seen.size >= max) seen = new Map();
      seen.set(s, out);
    }
    return out;
  };
}
