/** Where a run's time went: per stack, and the chain of stacks that decided when it ended. */

/** Milliseconds; null where the stack did not get that far (or had nothing of the kind). */
export interface StackTimings {
  /** CloudFormation computing the change set (CreateChangeSet until it was ready). */
  change_set_ms: number | null;
  /** How long the stack's step waited for its change set (0 when it was made ahead). */
  change_set_wait_ms: number | null;
  /** ExecuteChangeSet until the stack was done. */
  execute_ms: number | null;
  /** Publishing the stack's assets (started with the run, beside the other stacks). */
  assets_ms: number | null;
  /** How long the stack's step waited for its assets. */
  assets_wait_ms: number | null;
  /** Reading the stack's resources back through their services. */
  verify_ms: number | null;
  /** The step's own time: its length less the waits for CloudFormation and assets above. */
  overhead_ms: number | null;
}

export const NO_TIMINGS: Readonly<StackTimings> = {
  change_set_ms: null,
  change_set_wait_ms: null,
  execute_ms: null,
  assets_ms: null,
  assets_wait_ms: null,
  verify_ms: null,
  overhead_ms: null,
};

/**
 * The chain of stacks whose durations determined when the stacks were done: the last stack to
 * finish, the dependency of it that finished last, and so on back.
 */
export interface CriticalPath {
  stacks: string[];
  /** From the first stack's start to the last one's end. */
  elapsed_ms: number;
  /** What the chain waited for CloudFormation: change sets not made ahead, and executes. */
  cloudformation_ms: number;
  /** elapsed_ms less cloudformation_ms: the time the chain spent on anything else. */
  gap_ms: number;
}

export interface TimedStack {
  readonly name: string;
  readonly dependencies: readonly string[];
  readonly startTime: string | null;
  readonly endTime: string | null;
  readonly timings: StackTimings | null;
}

const at = (time: string | null): number => (time ? Date.parse(time) : Number.NaN);

/** The critical path of the stacks that went through; null when none did. */
export function criticalPath(stacks: readonly TimedStack[]): CriticalPath | null {
  const done = stacks.filter((s) => !Number.isNaN(at(s.endTime)) && !Number.isNaN(at(s.startTime)));
  const byName = new Map(done.map((s) => [s.name, s]));
  const latest = (candidates: readonly TimedStack[]) =>
    candidates.reduce<TimedStack | undefined>(
      // On a tie the later stack in the run's order (dependencies come first) is taken.
      (best, s) => (!best || at(s.endTime) >= at(best.endTime) ? s : best),
      undefined,
    );
  let current = latest(done);
  if (!current) return null;
  const end = at(current.endTime);
  const path: TimedStack[] = [];
  while (current) {
    path.unshift(current);
    const deps = current.dependencies.flatMap((name) => byName.get(name) ?? []);
    current = latest(deps);
  }
  const elapsed = end - at((path[0] as TimedStack).startTime);
  const cloudformation = path.reduce(
    (sum, s) => sum + (s.timings?.change_set_wait_ms ?? 0) + (s.timings?.execute_ms ?? 0),
    0,
  );
  return {
    stacks: path.map((s) => s.name),
    elapsed_ms: elapsed,
    cloudformation_ms: cloudformation,
    gap_ms: elapsed - cloudformation,
  };
}
