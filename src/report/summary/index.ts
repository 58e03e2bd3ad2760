export { annotationsFor, annotationTitle } from './annotations.js';
export type { Annotation, AnnotationLevel, AnnotationOptions } from './annotations.js';
export {
  characters,
  COMMENT_LIMIT_CHARACTERS,
  fitToLimit,
  hardCut,
  STEP_SUMMARY_LIMIT_BYTES,
  utf8Bytes,
} from './fit-to-limit.js';
export type { FitOptions, FitResult, Measure, Section, Trimmed, TrimStep } from './fit-to-limit.js';
export {
  fitJobSummary,
  jobSummarySections,
  jobSummaryTrimSteps,
  renderJobSummary,
} from './job-summary.js';
export type { JobSummaryOptions } from './job-summary.js';
export {
  commentMarker,
  fitPullRequestComment,
  pullRequestCommentSections,
  pullRequestCommentTrimSteps,
  renderPullRequestComment,
} from './pull-request-comment.js';
export type { PullRequestCommentOptions } from './pull-request-comment.js';
export { changesSections, outputsSection, stacksSection } from './sections.js';
export { checksSection } from './checks-section.js';
export { reasonLines, rollbackSection } from './rollback-section.js';
export { COMMENT_STYLE, JOB_SUMMARY_STYLE } from './section-style.js';
export type { MaxLengths, SectionStyle } from './section-style.js';
