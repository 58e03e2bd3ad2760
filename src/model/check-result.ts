/** One verification check's result, kept in the deployment record. */
export interface CheckResult {
  /** The check's name: `output-contract`, `resource-contract`, `required-tags`, `live-resource`, ... */
  readonly check: string;
  readonly stack?: string;
  readonly resource?: string;
  /** `skipped`: the check could not decide (e.g. an intrinsic function in a template value). */
  readonly passed: boolean;
  readonly skipped?: boolean;
  readonly message: string;
}
