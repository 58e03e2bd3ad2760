import type { CheckResult } from '../model/check-result.js';

/** A failed check as one line of rollback_reason: the check, the stack and resource, the message. */
export function describeFailure(result: CheckResult): string {
  const where = [
    result.stack && `stack ${result.stack}`,
    result.resource && `resource ${result.resource}`,
  ]
    .filter(Boolean)
    .join(', ');
  return `Check ${result.check} failed${where ? ` for ${where}` : ''}: ${result.message}`;
}
