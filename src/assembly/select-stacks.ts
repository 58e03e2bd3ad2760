import { AssemblyError } from './assembly-error.js';
import type { StackArtifact } from './stack-artifact.js';

/** `*` matches within one level of a hierarchical id, `**` across levels, as in the CDK CLI. */
export function patternToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i++) {
    const char = pattern[i] as string;
    if (char === '*' && pattern[i + 1] === '*') {
      source += '.*';
      i++;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += char.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${source}$`);
}

function withDependencies(
  chosen: readonly StackArtifact[],
  byId: ReadonlyMap<string, StackArtifact>,
): StackArtifact[] {
  const selected = new Set<string>();
  const visit = (stack: StackArtifact): void => {
    if (selected.has(stack.id)) return;
    selected.add(stack.id);
    for (const dependency of stack.dependencies) {
      const found = byId.get(dependency);
      if (found) visit(found);
    }
  };
  chosen.forEach(visit);
  return [...byId.values()].filter((stack) => selected.has(stack.id));
}

/** A `stacks` pattern that selects nothing: the error lists what there is to select. */
export function unmatchedPattern(pattern: string, stacks: readonly StackArtifact[]): AssemblyError {
  const ids = stacks.map((s) => s.id).join(', ') || 'no stack';
  return new AssemblyError(
    `Input 'stacks': pattern '${pattern}' matches no stack. The assembly has: ${ids}. Name stacks by id or stack name, or by a pattern ('*' within a level, '**' across levels) that matches one.`,
  );
}

/**
 * Chooses the stacks to deploy as `cdk deploy` does: no pattern selects the top-level stacks
 * (a Stage is never deployed by accident); patterns match hierarchical ids or stack names; the
 * dependencies of a selected stack come along.
 */
export function selectStacks(
  stacks: readonly StackArtifact[],
  patterns: readonly string[],
): StackArtifact[] {
  const byId = new Map(stacks.map((stack) => [stack.id, stack]));
  if (patterns.length === 0) {
    const topLevel = stacks.filter((stack) => stack.topLevel);
    if (topLevel.length === 0) {
      const ids = stacks.map((s) => s.id).join(', ');
      throw new AssemblyError(
        stacks.length === 0
          ? 'The cloud assembly has no stacks.'
          : `The cloud assembly has no top-level stacks, only stacks inside Stages (${ids}); name them in 'stacks', e.g. '${stacks[0]?.id.split('/')[0] ?? 'Stage'}/*'.`,
      );
    }
    return withDependencies(topLevel, byId);
  }
  const chosen: StackArtifact[] = [];
  for (const pattern of patterns) {
    const regexp = patternToRegExp(pattern);
    const matches = stacks.filter((s) => regexp.test(s.id) || s.stackName === pattern);
    if (matches.length === 0) throw unmatchedPattern(pattern, stacks);
    chosen.push(...matches);
  }
  return withDependencies(chosen, byId);
}
