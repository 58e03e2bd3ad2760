/** Where in a contract file a problem is: a JSON pointer, and the line when the file says. */
export interface ContractLocation {
  /** JSON pointer into the contract (`/resources/0/properties/BucketEncryption`); '' = the whole file. */
  readonly pointer: string;
  /** 1-based line in the file, null when unknown. */
  readonly line: number | null;
}

/** The JSON pointer of a place given by its keys and indexes (`/` and `~` escaped). */
export function pointerOf(segments: readonly string[]): string {
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

/** One thing wrong with a contract: where, what, and how to fix it. */
export interface ContractProblem extends ContractLocation {
  readonly message: string;
  readonly fix: string;
}

function where(problem: ContractLocation): string {
  const parts = [
    problem.line !== null ? `line ${problem.line}` : '',
    problem.pointer ? `at ${problem.pointer}` : '',
  ].filter(Boolean);
  return parts.join(' ');
}

function describe(problem: ContractProblem): string {
  const place = where(problem);
  return `${place ? `${place}: ` : ''}${problem.message}. Fix: ${problem.fix}`;
}

/**
 * The contract file cannot be used as it is. One error for the whole file, listing every problem
 * found, each naming its place in the file (line and JSON pointer) and the fix.
 */
export class ContractError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ContractProblem[],
    options?: ErrorOptions,
  ) {
    super(ContractError.compose(file, problems), options);
    this.name = 'ContractError';
  }

  private static compose(file: string, problems: readonly ContractProblem[]): string {
    const [first] = problems;
    if (problems.length === 1 && first) return `Contract ${file}: ${describe(first)}`;
    return [
      `Contract ${file} has ${problems.length} problems:`,
      ...problems.map((p) => `  - ${describe(p)}`),
    ].join('\n');
  }
}
