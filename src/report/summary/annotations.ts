/**
 * Annotations of a run, as data: the caller hands each to `@actions/core`
 * (`core[a.level](a.message, { title: a.title })`).
 *
 * Errors: failed stacks, failed checks, failed rollback steps. Warnings: checks that could not
 * decide, a failed run whose rollback was turned off. GitHub shows at most 10 errors and 10 warnings
 * of a step, so past `maxPerLevel` the rest are counted in one last annotation of that level.
 */
import type { DeploymentRecordFile } from '../../model/record.js';
import { truncate } from './markdown.js';
import { checkOutcome, orderedStacks } from './record-view.js';

export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  readonly level: AnnotationLevel;
  readonly title: string;
  readonly message: string;
}

export interface AnnotationOptions {
  /** Default 10, what GitHub shows per step and level. */
  readonly maxPerLevel?: number;
  /** Longest message, in characters; default 4,000. */
  readonly maxMessage?: number;
}

/** `Stack Api / Bucket`, `Stack Api`, or the fallback when the stack is unknown. */
export function annotationTitle(
  stack: string | undefined,
  resource: string | undefined,
  fallback: string,
): string {
  if (!stack) return resource ? `${fallback} / ${resource}` : fallback;
  return resource ? `Stack ${stack} / ${resource}` : `Stack ${stack}`;
}

function collect(record: DeploymentRecordFile): Annotation[] {
  const found: Annotation[] = [];
  const { deployment } = record;
  for (const stack of orderedStacks(record)) {
    if (stack.status !== 'failed') continue;
    // Stacks stopped by the run's own failure would repeat the step's error once each.
    if (stack.error_message === `Not deployed: ${deployment.rollback_reason ?? ''}`) continue;
    found.push({
      level: 'error',
      title: annotationTitle(stack.name, undefined, 'Deployment'),
      message: stack.error_message ?? `Stack ${stack.name} failed.`,
    });
  }
  for (const check of deployment.checks) {
    const outcome = checkOutcome(check);
    if (outcome === 'passed') continue;
    found.push({
      level: outcome === 'failed' ? 'error' : 'warning',
      title: annotationTitle(check.stack, check.resource, `Check ${check.check}`),
      message: `${outcome === 'failed' ? 'Check failed' : 'Check skipped'} (${check.check}): ${check.message}`,
    });
  }
  for (const stack of orderedStacks(record)) {
    if (!stack.rollback || stack.rollback.succeeded) continue;
    found.push({
      level: 'error',
      title: annotationTitle(stack.name, undefined, 'Rollback'),
      message: `Rollback (${stack.rollback.action}) failed: ${stack.rollback.message}`,
    });
  }
  if (deployment.rollback?.outcome === 'disabled' && deployment.status === 'failed') {
    found.push({
      level: 'warning',
      title: `Deployment ${deployment.environment}`,
      message: `Rollback is turned off: the stacks are left as the failed run made them. ${deployment.rollback.message}`,
    });
  }
  return found;
}

export function annotationsFor(
  record: DeploymentRecordFile,
  options: AnnotationOptions = {},
): Annotation[] {
  const max = Math.max(1, options.maxPerLevel ?? 10);
  const maxMessage = options.maxMessage ?? 4_000;
  const all = collect(record).map((a) => ({ ...a, message: truncate(a.message, maxMessage) }));
  const result: Annotation[] = [];
  for (const level of ['error', 'warning', 'notice'] as const) {
    const ofLevel = all.filter((a) => a.level === level);
    if (ofLevel.length <= max) {
      result.push(...ofLevel);
      continue;
    }
    result.push(...ofLevel.slice(0, max - 1));
    const rest = ofLevel.length - (max - 1);
    result.push({
      level,
      title: `${rest} more ${level === 'error' ? 'errors' : `${level}s`}`,
      message: `${rest} more ${level === 'error' ? 'errors' : `${level}s`} of this deployment are listed in the job summary.`,
    });
  }
  return result;
}
