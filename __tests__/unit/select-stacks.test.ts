import { describe, expect, it } from 'vitest';
import { AssemblyError } from '../../src/errors.js';
import { selectStacks } from '../../src/assembly/select-stacks.js';
import { globToRegExp } from '../../src/util/glob.js';
import type { StackArtifact } from '../../src/assembly/stack-artifact.js';

/** A stack as readAssembly would describe it; `Prod/Api` is inside a Stage, `Api` is top-level. */
function stack(
  id: string,
  options: { stackName?: string; dependencies?: string[]; topLevel?: boolean } = {},
): StackArtifact {
  const artifactId = id.split('/').at(-1) ?? id;
  return {
    id,
    artifactId,
    stackName: options.stackName ?? id.replaceAll('/', '-'),
    environment: { account: 'unknown-account', region: 'unknown-region' },
    templatePath: `/cdk.out/${artifactId}.template.json`,
    template: { Resources: {} },
    parameters: {},
    tags: {},
    terminationProtection: false,
    notificationArns: [],
    dependencies: options.dependencies ?? [],
    assetManifestPaths: [],
    topLevel: options.topLevel ?? !id.includes('/'),
  };
}

const ids = (stacks: readonly StackArtifact[]) => stacks.map((s) => s.id);

function selectionError(stacks: readonly StackArtifact[], patterns: string[]): AssemblyError {
  try {
    selectStacks(stacks, patterns);
  } catch (error) {
    expect(error).toBeInstanceOf(AssemblyError);
    return error as AssemblyError;
  }
  throw new Error('expected an AssemblyError');
}

describe('globToRegExp with the stack separator', () => {
  const matches = (pattern: string, id: string) =>
    globToRegExp(pattern, { separator: '/' }).test(id);

  it('matches a plain id exactly, whole id only', () => {
    expect(matches('Api', 'Api')).toBe(true);
    expect(matches('Api', 'ApiStack')).toBe(false);
    expect(matches('Api', 'MyApi')).toBe(false);
    expect(matches('Api', 'Prod/Api')).toBe(false);
  });

  it('lets * match within one level only', () => {
    expect(matches('*', 'Api')).toBe(true);
    expect(matches('*', 'Prod/Api')).toBe(false);
    expect(matches('Prod/*', 'Prod/Api')).toBe(true);
    expect(matches('Prod/*', 'Prod/Api/Db')).toBe(false);
    expect(matches('Prod/*', 'Dev/Api')).toBe(false);
    expect(matches('Prod/*', 'Prod')).toBe(false);
    expect(matches('Api*', 'ApiStack')).toBe(true);
    expect(matches('*Stack', 'ApiStack')).toBe(true);
    expect(matches('*/Api', 'Prod/Api')).toBe(true);
    expect(matches('*/Api', 'Prod/Eu/Api')).toBe(false);
  });

  it('lets ** match across levels', () => {
    expect(matches('**', 'Api')).toBe(true);
    expect(matches('**', 'Prod/Eu/Api')).toBe(true);
    expect(matches('Prod/**', 'Prod/Eu/Api')).toBe(true);
    expect(matches('Prod/**', 'Dev/Eu/Api')).toBe(false);
    expect(matches('**/Api', 'Prod/Eu/Api')).toBe(true);
    expect(matches('**/Api', 'Prod/Eu/Db')).toBe(false);
  });

  it('lets ? match exactly one character, not a level separator', () => {
    expect(matches('Api?', 'Api1')).toBe(true);
    expect(matches('Api?', 'Api')).toBe(false);
    expect(matches('Api?', 'Api12')).toBe(false);
    expect(matches('Prod?Api', 'Prod/Api')).toBe(false);
    expect(matches('Prod?Api', 'Prod-Api')).toBe(true);
  });

  it('takes every other character literally', () => {
    expect(matches('Api.Stack', 'Api.Stack')).toBe(true);
    expect(matches('Api.Stack', 'ApiXStack')).toBe(false);
    expect(matches('Api+', 'Apii')).toBe(false);
    expect(matches('Api(1)', 'Api(1)')).toBe(true);
    expect(matches('A|B', 'A')).toBe(false);
    expect(matches('[ab]', 'a')).toBe(false);
    expect(matches('$Api^', '$Api^')).toBe(true);
  });
});

describe('selectStacks', () => {
  const assembly = [
    stack('Network'),
    stack('Api', { dependencies: ['Network'] }),
    stack('Prod/Network', { stackName: 'prod-network' }),
    stack('Prod/Database', { stackName: 'prod-database', dependencies: ['Prod/Network'] }),
    stack('Prod/Api', { stackName: 'prod-api', dependencies: ['Prod/Database'] }),
    stack('Dev/Api', { stackName: 'dev-api' }),
  ];

  it('selects the top-level stacks, and no Stage, when no pattern is given', () => {
    expect(ids(selectStacks(assembly, []))).toEqual(['Network', 'Api']);
  });

  it('selects by hierarchical id with * within a Stage', () => {
    expect(ids(selectStacks(assembly, ['Prod/*']))).toEqual([
      'Prod/Network',
      'Prod/Database',
      'Prod/Api',
    ]);
  });

  it('selects everything with **', () => {
    expect(ids(selectStacks(assembly, ['**']))).toEqual(ids(assembly));
  });

  it('selects with * only the top level, as the CDK CLI does', () => {
    expect(ids(selectStacks(assembly, ['*']))).toEqual(['Network', 'Api']);
  });

  it('selects by stack name too', () => {
    expect(ids(selectStacks(assembly, ['dev-api']))).toEqual(['Dev/Api']);
    expect(ids(selectStacks(assembly, ['prod-database']))).toEqual([
      'Prod/Network',
      'Prod/Database',
    ]);
  });

  it('brings the dependencies of a selected stack along, transitively', () => {
    expect(ids(selectStacks(assembly, ['Prod/Api']))).toEqual([
      'Prod/Network',
      'Prod/Database',
      'Prod/Api',
    ]);
    expect(ids(selectStacks(assembly, ['Api']))).toEqual(['Network', 'Api']);
  });

  it('keeps the assembly order and lists a stack once when several patterns match it', () => {
    expect(ids(selectStacks(assembly, ['Dev/*', 'Prod/Api', 'prod-network']))).toEqual([
      'Prod/Network',
      'Prod/Database',
      'Prod/Api',
      'Dev/Api',
    ]);
  });

  it('takes a dependency outside the assembly as already in place', () => {
    const stacks = [stack('Api', { dependencies: ['Shared/Vpc'] })];
    expect(ids(selectStacks(stacks, ['Api']))).toEqual(['Api']);
  });

  it('throws naming a pattern that matches nothing and listing the stacks', () => {
    const error = selectionError(assembly, ['Prod/*', 'Staging/*']);
    expect(error.message).toContain("'Staging/*'");
    expect(error.message).toContain("Input 'stacks'");
    for (const id of ids(assembly)) expect(error.message).toContain(id);
  });

  it('throws with a hint when only stacks inside Stages exist and no pattern is given', () => {
    const staged = [stack('Prod/Api'), stack('Prod/Db')];
    const error = selectionError(staged, []);
    expect(error.message).toMatch(/no top-level stacks/);
    expect(error.message).toContain('Prod/Api');
    expect(error.message).toContain("'stacks'");
    expect(error.message).toContain("'Prod/*'");
    expect(ids(selectStacks(staged, ['Prod/*']))).toEqual(['Prod/Api', 'Prod/Db']);
  });

  it('throws when the assembly has no stacks at all', () => {
    expect(selectionError([], []).message).toMatch(/no stacks/);
  });
});
