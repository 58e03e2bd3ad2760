import { globToRegExp } from '../util/glob.js';

export const MASK = '***';

interface StackOutputs {
  readonly name: string;
  readonly outputs: Readonly<Record<string, string>>;
}

/**
 * Values the job log, the record and the reports must never show: credentials and tokens, and
 * the stack outputs named by `mask-outputs` (`OutputKey` or `StackName.OutputKey`, `*` as a
 * wildcard): their values are handed to the runner's masking as soon as they are read, and
 * replaced by `***` wherever the action writes a record, summary, comment or artifact.
 */
export class Secrets {
  private matchers: readonly RegExp[] = [];
  private readonly values = new Set<string>();

  constructor(private readonly mask: (value: string) => void) {}

  /** The `mask-outputs` patterns: which stack outputs are secret. */
  nameOutputs(patterns: readonly string[]): void {
    this.matchers = patterns.map((pattern) => globToRegExp(pattern));
  }

  /** Masks a value known to be secret (a token, a credential); empty and missing values are skipped. */
  add(value: string | undefined): void {
    if (!value || this.values.has(value)) return;
    this.values.add(value);
    this.mask(value);
  }

  /** Masks the secret outputs of these stacks; call it before anything can print them. */
  reveal(stacks: readonly StackOutputs[]): void {
    if (this.matchers.length === 0) return;
    for (const stack of stacks) {
      for (const [key, value] of Object.entries(stack.outputs)) {
        const named = this.matchers.some((m) => m.test(key) || m.test(`${stack.name}.${key}`));
        if (named) this.add(value);
      }
    }
  }

  /** A copy with every secret value, wherever it appears in a string, replaced by `***`. */
  redact<T>(value: T): T {
    if (this.values.size === 0) return value;
    const secrets = [...this.values].sort((a, b) => b.length - a.length);
    return JSON.parse(JSON.stringify(value), (_key, item: unknown) =>
      typeof item === 'string' ? secrets.reduce((text, s) => text.replaceAll(s, MASK), item) : item,
    ) as T;
  }
}

/** The run's secrets: the GitHub token and the AWS credentials, masked before anything is logged. */
export function stepSecrets(
  token: string | null,
  env: NodeJS.ProcessEnv,
  mask: (value: string) => void,
): Secrets {
  const secrets = new Secrets(mask);
  [token ?? undefined, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN].forEach((value) =>
    secrets.add(value),
  );
  return secrets;
}
