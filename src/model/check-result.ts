/** One verification check's result, kept in the deployment record. */
export interface CheckResult {
  readonly check: string;
  readonly stack?: string;
  readonly resource?: string;
  readonly passed: boolean;
  readonly message: string;
}
