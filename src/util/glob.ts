export interface GlobOptions {
  /**
   * A level separator: `*` and `?` then stay within one level and `**` crosses levels, as the CDK
   * CLI's stack patterns (`Prod/*`, `Prod/**`), and `?` is one character within a level. Without
   * one, `*` matches any run of characters and every other character stands for itself.
   */
  readonly separator?: string;
}

/** A glob as an anchored regular expression. */
export function globToRegExp(pattern: string, options: GlobOptions = {}): RegExp {
  const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const within = options.separator ? `[^${escape(options.separator)}]` : '.';
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') {
      source += `${within}*`;
    } else if (char === '?' && options.separator) {
      source += within;
    } else {
      source += escape(char);
    }
  }
  return new RegExp(`^${source}$`);
}
