import { AssemblyError } from '../assembly/assembly-error.js';
import { patternToRegExp, unmatchedPattern } from '../assembly/select-stacks.js';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import type { GraphNode } from './dependency-graph.js';

function matching(stacks: readonly StackArtifact[], patterns: readonly string[]): StackArtifact[] {
  if (patterns.length === 0) {
    const topLevel = stacks.filter((stack) => stack.topLevel);
    if (topLevel.length === 0) {
      throw new AssemblyError(
        stacks.length === 0
          ? 'The cloud assembly has no stacks.'
          : `The cloud assembly has no top-level stacks, only stacks inside Stages (${stacks.map((s) => s.id).join(', ')}); name the ones to destroy in 'stacks'.`,
      );
    }
    return topLevel;
  }
  const chosen: StackArtifact[] = [];
  for (const pattern of patterns) {
    const regexp = patternToRegExp(pattern);
    const matches = stacks.filter((s) => regexp.test(s.id) || s.stackName === pattern);
    if (matches.length === 0) throw unmatchedPattern(pattern, stacks);
    chosen.push(...matches);
  }
  return chosen;
}

/**
 * Chooses the stacks to destroy as `cdk destroy` does: the stacks the patterns match (no pattern:
 * the top-level stacks), plus every stack that depends on them, since a stack cannot go while
 * another imports from it. Unlike deploying, the dependencies of a chosen stack are left alone.
 * Assembly order is kept.
 */
export function selectStacksToDestroy(
  stacks: readonly StackArtifact[],
  patterns: readonly string[],
): StackArtifact[] {
  const dependants = new Map<string, StackArtifact[]>(stacks.map((s) => [s.id, []]));
  for (const stack of stacks) {
    for (const dependency of stack.dependencies) dependants.get(dependency)?.push(stack);
  }
  const selected = new Set<string>();
  const visit = (stack: StackArtifact): void => {
    if (selected.has(stack.id)) return;
    selected.add(stack.id);
    (dependants.get(stack.id) ?? []).forEach(visit);
  };
  matching(stacks, patterns).forEach(visit);
  return stacks.filter((stack) => selected.has(stack.id));
}

/**
 * The graph of a destroy: each stack waits for the stacks that depend on it (within `nodes`), so
 * dependants are deleted before their dependencies. Given in deployment order, it is returned in
 * deletion order (reversed), which keeps the scheduler's earlier-first tie-break meaningful.
 */
export function destroyGraph(nodes: readonly GraphNode[]): GraphNode[] {
  const ids = new Set(nodes.map((n) => n.id));
  const dependants = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const node of nodes) {
    for (const dependency of node.dependencies) {
      if (ids.has(dependency)) dependants.get(dependency)?.push(node.id);
    }
  }
  return [...nodes].reverse().map((n) => ({ id: n.id, dependencies: dependants.get(n.id) ?? [] }));
}
