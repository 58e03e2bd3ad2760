/** What a run does to the selected stacks. */
export const MODES = ['deploy', 'plan', 'destroy'] as const;
export type Mode = (typeof MODES)[number];

/**
 * How a mode speaks of itself and what it hands on: the log, the reports and the GitHub
 * integration read these instead of branching on the mode.
 */
export interface ModeWords {
  readonly mode: Mode;
  /** `Deployment`, `Plan`, `Destroy`: what the run is called. */
  readonly noun: string;
  /** `to`, `for`, `of`: `Deployment to staging`, `Plan for staging`, `Destroy of staging`. */
  readonly preposition: string;
  /** `Deploying`, `Planning`, `Destroying`: the phase of the stacks. */
  readonly running: string;
  /** `deployed`, `planned`, `destroyed`: a stack that went through. */
  readonly stackDone: string;
  /** `without changes`, `without changes`, `already gone`: a stack that needed nothing. */
  readonly stackNoOp: string;
  /** `Not deployed`, `Not planned`, `Not deleted`: a stack that did not get there. */
  readonly notDone: string;
  /** Whether the run changes what is live, and so is reported as a GitHub deployment. */
  readonly isDeployment: boolean;
  /** Whether the stacks' outputs are handed on to later steps (job outputs, outputs file). */
  readonly handsOnOutputs: boolean;
}

export const MODE_WORDS: Readonly<Record<Mode, ModeWords>> = {
  deploy: {
    mode: 'deploy',
    noun: 'Deployment',
    preposition: 'to',
    running: 'Deploying',
    stackDone: 'deployed',
    stackNoOp: 'without changes',
    notDone: 'Not deployed',
    isDeployment: true,
    handsOnOutputs: true,
  },
  plan: {
    mode: 'plan',
    noun: 'Plan',
    preposition: 'for',
    running: 'Planning',
    stackDone: 'planned',
    stackNoOp: 'without changes',
    notDone: 'Not planned',
    isDeployment: false,
    handsOnOutputs: false,
  },
  destroy: {
    mode: 'destroy',
    noun: 'Destroy',
    preposition: 'of',
    running: 'Destroying',
    stackDone: 'destroyed',
    stackNoOp: 'already gone',
    notDone: 'Not deleted',
    isDeployment: true,
    handsOnOutputs: false,
  },
};

/** The mode a record names; an unknown one (a bad input) reads as deploy. */
export function modeOf(value: string): Mode {
  return MODES.find((mode) => mode === value) ?? 'deploy';
}

export function modeWords(value: string): ModeWords {
  return MODE_WORDS[modeOf(value)];
}
