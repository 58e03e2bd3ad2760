import { describe, expect, it } from 'vitest';
import {
  DependencyCycleError,
  respectsDependencies,
  topologicalOrder,
  type GraphNode,
} from '../../src/plan/dependency-graph.js';

const node = (id: string, ...dependencies: string[]): GraphNode => ({ id, dependencies });

/** Independent of the code under test: every node once, each after its dependencies in the set. */
function expectValidOrder(order: readonly string[], nodes: readonly GraphNode[]): void {
  expect([...order].sort()).toEqual(nodes.map((n) => n.id).sort());
  const index = new Map(order.map((id, i) => [id, i]));
  for (const n of nodes) {
    for (const dependency of n.dependencies) {
      if (!index.has(dependency)) continue;
      expect(
        index.get(dependency)! < index.get(n.id)!,
        `${dependency} must come before ${n.id}`,
      ).toBe(true);
    }
  }
}

function cycleError(nodes: readonly GraphNode[]): DependencyCycleError {
  try {
    topologicalOrder(nodes);
  } catch (error) {
    expect(error).toBeInstanceOf(DependencyCycleError);
    return error as DependencyCycleError;
  }
  throw new Error('expected a DependencyCycleError');
}

/** A small deterministic PRNG, so the big graph is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe('topologicalOrder', () => {
  it('puts every stack after its dependencies', () => {
    const nodes = [
      node('Api', 'Database', 'Network'),
      node('Database', 'Network'),
      node('Frontend', 'Api'),
      node('Network'),
    ];
    const order = topologicalOrder(nodes);
    expect(order).toEqual(['Network', 'Database', 'Api', 'Frontend']);
    expectValidOrder(order, nodes);
  });

  it('keeps the input order when nothing depends on anything', () => {
    const nodes = ['C', 'A', 'B', 'E', 'D'].map((id) => node(id));
    expect(topologicalOrder(nodes)).toEqual(['C', 'A', 'B', 'E', 'D']);
  });

  it('takes the earliest free stack of the input first, also one freed later', () => {
    // Y is freed by X and comes before Z in the input: a FIFO queue would give X, Z, Y.
    expect(topologicalOrder([node('X'), node('Y', 'X'), node('Z')])).toEqual(['X', 'Y', 'Z']);
    // C is first in the input but waits for A; B and A are free, in their input order.
    expect(topologicalOrder([node('C', 'A'), node('B'), node('A')])).toEqual(['B', 'A', 'C']);
  });

  it('is deterministic: the same input gives the same order every time', () => {
    const nodes = [node('D', 'A'), node('C'), node('B', 'C'), node('A'), node('E', 'B', 'D')];
    const first = topologicalOrder(nodes);
    for (let i = 0; i < 5; i++) expect(topologicalOrder(nodes)).toEqual(first);
    expect(first).toEqual(['C', 'B', 'A', 'D', 'E']);
    expectValidOrder(first, nodes);
  });

  it('ignores dependencies on stacks outside the set (not selected, already in place)', () => {
    const nodes = [node('Api', 'SharedNetwork', 'Database'), node('Database', 'Legacy/Stack')];
    expect(topologicalOrder(nodes)).toEqual(['Database', 'Api']);
    expect(topologicalOrder([node('Only', 'Missing')])).toEqual(['Only']);
  });

  it('handles a stack listing the same dependency twice', () => {
    expect(topologicalOrder([node('B', 'A', 'A'), node('A')])).toEqual(['A', 'B']);
  });

  it('returns an empty order for no stacks', () => {
    expect(topologicalOrder([])).toEqual([]);
  });

  it('names exactly the stacks of a cycle, not a stack that merely depends on it', () => {
    const nodes = [
      node('Frontend', 'Api'), // first, so a search starting here must not blame it
      node('Monitoring'),
      node('Api', 'Database'),
      node('Database', 'Network'),
      node('Network', 'Api'),
    ];
    const error = cycleError(nodes);
    expect(new Set(error.cycle)).toEqual(new Set(['Api', 'Database', 'Network']));
    expect(error.message).toMatch(/Api/);
    expect(error.message).toMatch(/Database/);
    expect(error.message).toMatch(/Network/);
    expect(error.message).not.toMatch(/Frontend/);
    expect(error.message).not.toMatch(/Monitoring/);
  });

  it('names the cycle as a closed path, each step a real dependency', () => {
    const nodes = [node('A', 'B'), node('B', 'C'), node('C', 'A'), node('D', 'C')];
    const { cycle } = cycleError(nodes);
    const byId = new Map(nodes.map((n) => [n.id, n]));
    expect(cycle[0]).toBe(cycle.at(-1));
    for (let i = 0; i + 1 < cycle.length; i++) {
      expect(byId.get(cycle[i]!)?.dependencies).toContain(cycle[i + 1]);
    }
  });

  it('finds a cycle reached only through a chain of dependants', () => {
    const nodes = [
      node('Top', 'Middle'),
      node('Middle', 'Bottom'),
      node('Bottom', 'LoopA'),
      node('LoopA', 'LoopB'),
      node('LoopB', 'LoopA'),
    ];
    expect(new Set(cycleError(nodes).cycle)).toEqual(new Set(['LoopA', 'LoopB']));
  });

  it('treats a self-dependency as a cycle of one stack', () => {
    const error = cycleError([node('Fine'), node('Selfish', 'Selfish')]);
    expect(new Set(error.cycle)).toEqual(new Set(['Selfish']));
    expect(error.message).not.toMatch(/Fine/);
    expect(error.name).toBe('DependencyCycleError');
  });

  it('orders a 2,000-stack wide and deep graph given in scrambled order', () => {
    const width = 40;
    const depth = 50;
    const next = random(42);
    const nodes: GraphNode[] = [];
    for (let level = 0; level < depth; level++) {
      for (let i = 0; i < width; i++) {
        const deps =
          level === 0
            ? []
            : [
                `n${level - 1}-${i}`,
                `n${level - 1}-${Math.floor(next() * width)}`,
                `n${Math.floor(next() * level)}-${Math.floor(next() * width)}`,
              ];
        nodes.push(node(`n${level}-${i}`, ...deps));
      }
    }
    // Deepest levels first, shuffled: the order has to be built, not read off the input.
    nodes.reverse();
    for (let i = nodes.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [nodes[i], nodes[j]] = [nodes[j]!, nodes[i]!];
    }
    expect(nodes).toHaveLength(2000);
    const order = topologicalOrder(nodes);
    expectValidOrder(order, nodes);
    expect(respectsDependencies(order, nodes)).toBe(true);
  });

  it('orders a 2,000-stack chain given backwards', () => {
    const nodes = Array.from({ length: 2000 }, (_, i) =>
      node(`s${1999 - i}`, ...(i < 1999 ? [`s${1998 - i}`] : [])),
    );
    const order = topologicalOrder(nodes);
    expect(order).toEqual(Array.from({ length: 2000 }, (_, i) => `s${i}`));
  });

  it('names the cycle in a 2,000-stack chain closed at its end', () => {
    const nodes = Array.from({ length: 2000 }, (_, i) => node(`s${i}`, `s${(i + 1) % 2000}`));
    expect(cycleError(nodes).cycle.length).toBe(2001);
  });
});

describe('respectsDependencies', () => {
  const nodes = [node('Api', 'Db', 'External'), node('Db'), node('Web', 'Api')];

  it('accepts an order with every stack after its dependencies', () => {
    expect(respectsDependencies(['Db', 'Api', 'Web'], nodes)).toBe(true);
  });

  it('rejects an order with a stack before one of its dependencies', () => {
    expect(respectsDependencies(['Api', 'Db', 'Web'], nodes)).toBe(false);
    expect(respectsDependencies(['Db', 'Web', 'Api'], nodes)).toBe(false);
  });

  it('rejects an order missing a dependency that is in the set', () => {
    expect(respectsDependencies(['Api', 'Web'], nodes)).toBe(false);
  });
});
