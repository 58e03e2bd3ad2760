import { MinHeap } from '../util/min-heap.js';

export interface GraphNode {
  readonly id: string;
  readonly dependencies: readonly string[];
}

export class DependencyCycleError extends Error {
  constructor(readonly cycle: readonly string[]) {
    super(
      `The stacks depend on each other in a cycle: ${cycle.join(' -> ')}. Break the cycle in the app: remove one of these dependencies (an addDependency or a cross-stack reference).`,
    );
    this.name = 'DependencyCycleError';
  }
}

/** Dependencies outside the node set (stacks not selected) are taken as already in place. */
function internalDependencies(nodes: readonly GraphNode[]): Map<string, string[]> {
  const ids = new Set(nodes.map((n) => n.id));
  return new Map(nodes.map((n) => [n.id, n.dependencies.filter((d) => ids.has(d))]));
}

function findCycle(remaining: ReadonlySet<string>, dependencies: Map<string, string[]>): string[] {
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    state.set(id, 'visiting');
    path.push(id);
    for (const dependency of dependencies.get(id) ?? []) {
      if (!remaining.has(dependency)) continue;
      if (state.get(dependency) === 'visiting') {
        return [...path.slice(path.indexOf(dependency)), dependency];
      }
      if (!state.has(dependency)) {
        const cycle = visit(dependency);
        if (cycle) return cycle;
      }
    }
    path.pop();
    state.set(id, 'done');
    return null;
  };
  for (const id of remaining) {
    if (state.has(id)) continue;
    const cycle = visit(id);
    if (cycle) return cycle;
  }
  return [...remaining];
}

/**
 * A topological order (Kahn) that keeps the given order among stacks that are free to go, so the
 * same app always deploys in the same order. Linear in nodes plus edges.
 */
export function topologicalOrder(nodes: readonly GraphNode[]): string[] {
  const dependencies = internalDependencies(nodes);
  const dependants = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  const waiting = new Map<string, number>();
  for (const [id, deps] of dependencies) {
    waiting.set(id, deps.length);
    for (const dep of deps) dependants.get(dep)?.push(id);
  }
  const position = new Map(nodes.map((n, i) => [n.id, i]));
  const ready = new MinHeap();
  nodes.forEach((n, i) => {
    if (waiting.get(n.id) === 0) ready.push(i);
  });
  const order: string[] = [];
  for (let next = ready.pop(); next !== undefined; next = ready.pop()) {
    const id = (nodes[next] as GraphNode).id;
    order.push(id);
    for (const dependant of dependants.get(id) ?? []) {
      const left = (waiting.get(dependant) ?? 0) - 1;
      waiting.set(dependant, left);
      if (left === 0) ready.push(position.get(dependant) ?? 0);
    }
  }
  if (order.length < nodes.length) {
    const placed = new Set(order);
    const remaining = new Set(nodes.map((n) => n.id).filter((id) => !placed.has(id)));
    throw new DependencyCycleError(findCycle(remaining, dependencies));
  }
  return order;
}

/** True when every node comes after all of its (internal) dependencies. */
export function respectsDependencies(
  order: readonly string[],
  nodes: readonly GraphNode[],
): boolean {
  const index = new Map(order.map((id, i) => [id, i]));
  const dependencies = internalDependencies(nodes);
  return nodes.every((n) =>
    (dependencies.get(n.id) ?? []).every(
      (d) => (index.get(d) ?? Infinity) < (index.get(n.id) ?? -Infinity),
    ),
  );
}

/**
 * The graph turned around: each node waits for the nodes that depend on it (within `nodes`), so
 * dependants go first, as deleting or rolling back needs. Given in deployment order, it is returned
 * reversed, which keeps the scheduler's earlier-first tie-break meaningful.
 */
export function reverseGraph(nodes: readonly GraphNode[]): GraphNode[] {
  const ids = new Set(nodes.map((n) => n.id));
  const dependants = new Map<string, string[]>(nodes.map((n) => [n.id, []]));
  for (const node of nodes) {
    for (const dependency of node.dependencies) {
      if (ids.has(dependency)) dependants.get(dependency)?.push(node.id);
    }
  }
  return [...nodes].reverse().map((n) => ({ id: n.id, dependencies: dependants.get(n.id) ?? [] }));
}
