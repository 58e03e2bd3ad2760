import { AssemblyError } from '../errors.js';
import { globToRegExp } from '../util/glob.js';
import type { StackArtifact } from './stack-artifact.js';

/** A `stacks` pattern that selects nothing: the error lists what there is to select. */
export function unmatchedPattern(pattern: string, stacks: readonly StackArtifact[]): AssemblyError {
  const ids = stacks.map((s) => s.id).join(', ') || 'no stack';
  return new AssemblyError(
    `Input 'stacks': pattern '${pattern}' matches no stack. The assembly has: ${ids}. Name stacks by id or stack name, or by a pattern ('*' within a level, '**' across levels) that matches one.`,
  );
}

/**
 * The stacks the patterns name (hierarchical ids with `*` within a level and `**` across levels,
 * or stack names); no pattern names the top-level stacks, so a Stage is never chosen by accident.
 */
function matching(
  stacks: readonly StackArtifact[],
  patterns: readonly string[],
  what: string,
): StackArtifact[] {
  if (patterns.length === 0) {
    const topLevel = stacks.filter((stack) => stack.topLevel);
    if (topLevel.length === 0) {
      const ids = stacks.map((s) => s.id).join(', ');
      throw new AssemblyError(
        stacks.length === 0
          ? 'The cloud assembly has no stacks.'
          : `The cloud assembly has no top-level stacks, only stacks inside Stages (${ids}); name the ones to ${what} in 'stacks', e.g. '${stacks[0]?.id.split('/')[0] ?? 'Stage'}/*'.`,
      );
    }
    return topLevel;
  }
  const chosen: StackArtifact[] = [];
  for (const pattern of patterns) {
    const regexp = globToRegExp(pattern, { separator: '/' });
    const matches = stacks.filter((s) => regexp.test(s.id) || s.stackName === pattern);
    if (matches.length === 0) throw unmatchedPattern(pattern, stacks);
    chosen.push(...matches);
  }
  return chosen;
}

/** The chosen stacks and every stack reached through `next`, in assembly order. */
function closure(
  stacks: readonly StackArtifact[],
  chosen: readonly StackArtifact[],
  next: (stack: StackArtifact) => readonly StackArtifact[],
): StackArtifact[] {
  const selected = new Set<string>();
  const visit = (stack: StackArtifact): void => {
    if (selected.has(stack.id)) return;
    selected.add(stack.id);
    next(stack).forEach(visit);
  };
  chosen.forEach(visit);
  return stacks.filter((stack) => selected.has(stack.id));
}

/** Chooses the stacks to deploy as `cdk deploy` does: the dependencies of a chosen stack come along. */
export function selectStacks(
  stacks: readonly StackArtifact[],
  patterns: readonly string[],
): StackArtifact[] {
  const byId = new Map(stacks.map((stack) => [stack.id, stack]));
  return closure(stacks, matching(stacks, patterns, 'deploy'), (stack) =>
    stack.dependencies.flatMap((id) => byId.get(id) ?? []),
  );
}

/**
 * Chooses the stacks to destroy as `cdk destroy` does: the chosen stacks plus every stack that
 * depends on them, since a stack cannot go while another imports from it. Unlike deploying, the
 * dependencies of a chosen stack are left alone.
 */
export function selectStacksToDestroy(
  stacks: readonly StackArtifact[],
  patterns: readonly string[],
): StackArtifact[] {
  const dependants = new Map<string, StackArtifact[]>(stacks.map((s) => [s.id, []]));
  for (const stack of stacks) {
    for (const dependency of stack.dependencies) dependants.get(dependency)?.push(stack);
  }
  return closure(
    stacks,
    matching(stacks, patterns, 'destroy'),
    (stack) => dependants.get(stack.id) ?? [],
  );
}
