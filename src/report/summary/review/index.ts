/**
 * The review sections of the job summary and the pull-request comment: the plan id, the security
 * changes, then the resource changes of each stack. Pure functions of the record.
 */
import type { DeploymentRecordFile } from '../../../model/record.js';
import type { Section, TrimStep } from '../fit-to-limit.js';
import { changeSections, changeTrimSteps, hasReview } from './change-sections.js';
import { planIdSection } from './plan-id-section.js';
import { securitySections, securityTrimSteps, type ReviewStyle } from './security-sections.js';

export type { ReviewStyle } from './security-sections.js';
export { hasReview } from './change-sections.js';

export interface ReviewSectionsOptions extends ReviewStyle {
  /** The hidden plan marker a deploy bound to the pull request reads (the comment only). */
  readonly marker: boolean;
}

/** Null when the record has no review diff: the documents then keep their plan table. */
export function reviewSections(
  record: DeploymentRecordFile,
  options: ReviewSectionsOptions,
): Section[] {
  const planId = planIdSection(record, options);
  if (!hasReview(record)) return planId ? [planId] : [];
  return [
    ...(planId ? [planId] : []),
    ...securitySections(record, options),
    ...changeSections(record, options),
  ];
}

/** Change rows first (largest stacks first); the security rows only after them. */
export function reviewTrimSteps(record: DeploymentRecordFile): {
  readonly changes: TrimStep[];
  readonly security: TrimStep[];
} {
  return hasReview(record)
    ? { changes: changeTrimSteps(record), security: securityTrimSteps() }
    : { changes: [], security: [] };
}
