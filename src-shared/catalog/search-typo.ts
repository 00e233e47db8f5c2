/**
 * One slip of the finger: a letter wrong, missing, extra, or two neighbours
 * swapped (Damerau-Levenshtein distance ≤ 1). Linear, no table: the search
 * runs it against every word of the catalog on each keystroke.
 */

/** Whether `query` from `qi` equals `word` from `wi` — or, with `asPrefix`, starts it. */
function restMatches(query: string, qi: number, word: string, wi: number, asPrefix: boolean): boolean {
  const left = query.length - qi;
  const right = word.length - wi;
  if (asPrefix ? left > right : left !== right) return false;
  for (let k = 0; k < left; k += 1) if (query.charCodeAt(qi + k) !== word.charCodeAt(wi + k)) return false;
  return true;
}

/**
 * Whether `query` is at most one edit away from `word` (or, with `asPrefix`,
 * from some beginning of it: the citizen is still typing).
 */
export function withinOneEdit(query: string, word: string, asPrefix = false): boolean {
  let i = 0;
  const shorter = Math.min(query.length, word.length);
  while (i < shorter && query.charCodeAt(i) === word.charCodeAt(i)) i += 1;
  if (i === query.length) return asPrefix || word.length - i <= 1;
  return (
    restMatches(query, i + 1, word, i + 1, asPrefix) || // a wrong letter
    restMatches(query, i + 1, word, i, asPrefix) || // an extra letter
    restMatches(query, i, word, i + 1, asPrefix) || // a missing letter
    (query[i] === word[i + 1] && query[i + 1] === word[i] && restMatches(query, i + 2, word, i + 2, asPrefix)) // swapped neighbours
  );
}
