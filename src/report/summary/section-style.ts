/**
 * How long a document's cells may be and whether it is the brief form (the pull-request comment:
 * fewer columns, only the checks that did not pass, outputs collapsed, pointers to the job summary).
 */
/** Longest texts in one cell or line, in characters. */
export interface MaxLengths {
  readonly name: number;
  readonly message: number;
  readonly reason: number;
  readonly value: number;
  readonly id: number;
  readonly log: number;
}

export interface SectionStyle {
  readonly max: MaxLengths;
  /** The comment's short form; the job summary has every detail. */
  readonly brief: boolean;
}

export const JOB_SUMMARY_STYLE: SectionStyle = {
  max: { name: 256, message: 1_000, reason: 8_000, value: 1_000, id: 512, log: 2_000 },
  brief: false,
};

export const COMMENT_STYLE: SectionStyle = {
  max: { name: 128, message: 500, reason: 2_000, value: 300, id: 512, log: 2_000 },
  brief: true,
};

/** `stacks`, or in the brief form `stacks (see the job summary)`. */
export function seeJobSummary(label: string, style: SectionStyle): string {
  return style.brief ? `${label} (see the job summary)` : label;
}
