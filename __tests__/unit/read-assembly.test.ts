import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AssemblyError } from '../../src/errors.js';
import { readAssembly } from '../../src/assembly/read-assembly.js';
import { environmentName } from '../../src/assembly/stack-artifact.js';
import { DependencyCycleError, topologicalOrder } from '../../src/plan/dependency-graph.js';
import { fixtureAssembliesDir } from '../support/synth.js';

const created: string[] = [];
afterAll(() => {
  for (const dir of created) rmSync(dir, { recursive: true, force: true });
});

type Files = Record<string, unknown>;

/** Writes an assembly into a fresh temp dir: objects as JSON, strings as they are. */
function assembly(files: Files): string {
  const dir = mkdtempSync(join(tmpdir(), 'read-assembly-'));
  created.push(dir);
  for (const [path, content] of Object.entries(files)) {
    const file = join(dir, path);
    mkdirSync(resolve(file, '..'), { recursive: true });
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content, null, 1));
  }
  return dir;
}

const TEMPLATE = { Resources: { Queue: { Type: 'AWS::SQS::Queue' } } };

function stackArtifact(
  templateFile: string,
  extra: { dependencies?: string[]; displayName?: string; environment?: string } = {},
) {
  return {
    type: 'aws:cloudformation:stack',
    environment: extra.environment ?? 'aws://111111111111/eu-west-1',
    properties: { templateFile },
    ...(extra.dependencies ? { dependencies: extra.dependencies } : {}),
    ...(extra.displayName ? { displayName: extra.displayName } : {}),
  };
}

function assetManifest(file: string) {
  return { type: 'cdk:asset-manifest', properties: { file } };
}

function assemblyError(directory: string): AssemblyError {
  try {
    readAssembly(directory);
  } catch (error) {
    expect(error).toBeInstanceOf(AssemblyError);
    return error as AssemblyError;
  }
  throw new Error('expected an AssemblyError');
}

describe('readAssembly: the hand-made fixture assemblies', () => {
  it('reads the cycle assembly, whose stacks then cannot be ordered', () => {
    const read = readAssembly(join(fixtureAssembliesDir, 'cycle'));
    expect(read.stacks.map((s) => s.id)).toEqual(['StackA', 'StackB', 'Standalone']);
    // asset manifests are dependencies in the manifest, not stack dependencies
    expect(read.stacks.map((s) => s.dependencies)).toEqual([['StackB'], ['StackA'], []]);
    expect(read.warnings).toEqual([]);
    let thrown: unknown;
    try {
      topologicalOrder(read.stacks);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DependencyCycleError);
    expect(new Set((thrown as DependencyCycleError).cycle)).toEqual(new Set(['StackA', 'StackB']));
    expect((thrown as Error).message).not.toContain('Standalone');
  });

  it('refuses the missing-context assembly, naming the missing keys', () => {
    const error = assemblyError(join(fixtureAssembliesDir, 'missing-context'));
    expect(error.message).toContain(
      'ssm:account=123456789012:parameterName=/fixture/lookup/ami-id:region=us-east-1',
    );
    expect(error.message).toContain(join(fixtureAssembliesDir, 'missing-context', 'manifest.json'));
    expect(error.message).toContain('cdk.context.json');
  });

  it('reads a newer schema with a warning naming its version', () => {
    const read = readAssembly(join(fixtureAssembliesDir, 'newer-schema'));
    expect(read.warnings).toHaveLength(1);
    expect(read.warnings[0]).toContain('99.0.0');
    expect(read.warnings[0]).toContain('manifest.json');
    expect(read.stacks.map((s) => s.id)).toEqual(['Future']);
    expect(read.stacks[0]?.template.Resources?.Queue?.Type).toBe('AWS::SQS::Queue');
  });
});

describe('readAssembly: stack descriptions', () => {
  it('describes a stack with absolute paths and the fields the deployment uses', () => {
    const dir = assembly({
      'manifest.json': {
        version: '55.0.0',
        artifacts: {
          'Api.assets': assetManifest('Api.assets.json'),
          Api: {
            type: 'aws:cloudformation:stack',
            environment: 'aws://111111111111/eu-west-1',
            properties: {
              templateFile: 'Api.template.json',
              stackName: 'prod-api',
              parameters: { Size: '2' },
              tags: { owner: 'team' },
              assumeRoleArn: 'arn:${AWS::Partition}:iam::111111111111:role/deploy',
              terminationProtection: true,
              requiresBootstrapStackVersion: 6,
            },
            dependencies: ['Api.assets'],
          },
        },
      },
      'Api.template.json': TEMPLATE,
      'Api.assets.json': { version: '55.0.0', files: {} },
    });
    const [api] = readAssembly(dir).stacks;
    expect(api).toMatchObject({
      id: 'Api',
      artifactId: 'Api',
      stackName: 'prod-api',
      environment: { account: '111111111111', region: 'eu-west-1' },
      templatePath: join(dir, 'Api.template.json'),
      template: TEMPLATE,
      parameters: { Size: '2' },
      tags: { owner: 'team' },
      assumeRoleArn: 'arn:${AWS::Partition}:iam::111111111111:role/deploy',
      terminationProtection: true,
      requiresBootstrapStackVersion: 6,
      dependencies: [],
      assetManifestPaths: [join(dir, 'Api.assets.json')],
      topLevel: true,
    });
  });

  it('defaults the stack name to the artifact id and the optional fields to empty', () => {
    const dir = assembly({
      'manifest.json': { version: '55.0.0', artifacts: { Plain: stackArtifact('Plain.json') } },
      'Plain.json': TEMPLATE,
    });
    expect(readAssembly(dir).stacks[0]).toMatchObject({
      stackName: 'Plain',
      parameters: {},
      tags: {},
      terminationProtection: false,
      notificationArns: [],
      assetManifestPaths: [],
    });
  });

  it('keeps an environment-agnostic stack as unknown-account/unknown-region', () => {
    const dir = assembly({
      'manifest.json': {
        version: '55.0.0',
        artifacts: {
          Agnostic: stackArtifact('Agnostic.json', {
            environment: 'aws://unknown-account/unknown-region',
          }),
        },
      },
      'Agnostic.json': TEMPLATE,
    });
    const [stack] = readAssembly(dir).stacks;
    expect(stack?.environment).toEqual({ account: 'unknown-account', region: 'unknown-region' });
    expect(environmentName(stack!.environment)).toBe('aws://unknown-account/unknown-region');
  });

  it('reads the current schema without a warning', () => {
    const dir = assembly({
      'manifest.json': { version: '55.1.0', artifacts: { A: stackArtifact('A.json') } },
      'A.json': TEMPLATE,
    });
    expect(readAssembly(dir).warnings).toEqual([]);
  });

  it('ignores artifacts that are neither stacks nor nested assemblies', () => {
    const dir = assembly({
      'manifest.json': {
        version: '55.0.0',
        artifacts: {
          Tree: { type: 'cdk:tree', properties: { file: 'tree.json' } },
          A: stackArtifact('A.json'),
        },
      },
      'A.json': TEMPLATE,
    });
    expect(readAssembly(dir).stacks.map((s) => s.id)).toEqual(['A']);
  });
});

describe('readAssembly: nested Stage assemblies', () => {
  it('follows a Stage as the CDK writes it: hierarchical ids, not top-level, paths in the subfolder', () => {
    const dir = assembly({
      'manifest.json': {
        version: '55.0.0',
        artifacts: {
          'assembly-Prod': {
            type: 'cdk:cloud-assembly',
            properties: { directoryName: 'assembly-Prod', displayName: 'Prod' },
          },
          Shared: stackArtifact('Shared.template.json', { displayName: 'Shared' }),
        },
      },
      'Shared.template.json': TEMPLATE,
      'assembly-Prod/manifest.json': {
        version: '55.0.0',
        artifacts: {
          'ProdDb1234.assets': assetManifest('ProdDb1234.assets.json'),
          ProdDb1234: stackArtifact('ProdDb1234.template.json', {
            displayName: 'Prod/Db',
            dependencies: ['ProdDb1234.assets'],
          }),
          ProdApp5678: stackArtifact('ProdApp5678.template.json', {
            displayName: 'Prod/App',
            dependencies: ['ProdDb1234'],
          }),
        },
      },
      'assembly-Prod/ProdDb1234.template.json': TEMPLATE,
      'assembly-Prod/ProdApp5678.template.json': TEMPLATE,
      'assembly-Prod/ProdDb1234.assets.json': { version: '55.0.0', files: {} },
    });
    const stacks = readAssembly(dir).stacks;
    expect(stacks.map((s) => [s.id, s.topLevel])).toEqual([
      ['Prod/Db', false],
      ['Prod/App', false],
      ['Shared', true],
    ]);
    const [db, app] = stacks;
    expect(db?.artifactId).toBe('ProdDb1234');
    expect(db?.templatePath).toBe(join(dir, 'assembly-Prod', 'ProdDb1234.template.json'));
    expect(db?.assetManifestPaths).toEqual([join(dir, 'assembly-Prod', 'ProdDb1234.assets.json')]);
    expect(app?.dependencies).toEqual(['Prod/Db']);
  });

  it('derives Stage/Stack ids from the artifact ids when there is no display name', () => {
    const dir = assembly({
      'manifest.json': {
        version: '55.0.0',
        artifacts: {
          'assembly-Stage': { type: 'cdk:cloud-assembly', properties: { directoryName: 'sub' } },
        },
      },
      'sub/manifest.json': {
        version: '55.0.0',
        artifacts: {
          Db: stackArtifact('Db.json'),
          Api: stackArtifact('Api.json', { dependencies: ['Db'] }),
        },
      },
      'sub/Db.json': TEMPLATE,
      'sub/Api.json': TEMPLATE,
    });
    const stacks = readAssembly(dir).stacks;
    expect(stacks.map((s) => s.id)).toEqual(['Stage/Db', 'Stage/Api']);
    expect(stacks.every((s) => !s.topLevel)).toBe(true);
    expect(stacks[1]?.dependencies).toEqual(['Stage/Db']);
    expect(stacks[0]?.stackName).toBe('Db');
  });

  it('refuses a Stage without a directoryName', () => {
    const dir = assembly({
      'manifest.json': {
        version: '55.0.0',
        artifacts: { 'assembly-Stage': { type: 'cdk:cloud-assembly', properties: {} } },
      },
    });
    const error = assemblyError(dir);
    expect(error.message).toContain("'assembly-Stage'");
    expect(error.message).toContain('directoryName');
  });

  it('refuses missing context inside a Stage too', () => {
    const dir = assembly({
      'manifest.json': {
        version: '55.0.0',
        artifacts: {
          'assembly-Stage': { type: 'cdk:cloud-assembly', properties: { directoryName: 'sub' } },
        },
      },
      'sub/manifest.json': {
        version: '55.0.0',
        artifacts: {},
        missing: [{ key: 'vpc-provider:account=1:filter.vpc-id=vpc-1', provider: 'vpc-provider' }],
      },
    });
    expect(assemblyError(dir).message).toContain('vpc-provider:account=1:filter.vpc-id=vpc-1');
  });
});

describe('readAssembly: broken assemblies', () => {
  it('names the manifest when there is none', () => {
    const dir = assembly({});
    const error = assemblyError(dir);
    expect(error.message).toContain(join(dir, 'manifest.json'));
    expect(error.message).toMatch(/cannot be read/);
  });

  it('names the manifest when it is not JSON', () => {
    const dir = assembly({ 'manifest.json': '{ "version": "55.0.0", ' });
    const error = assemblyError(dir);
    expect(error.message).toContain(join(dir, 'manifest.json'));
    expect(error.message).toMatch(/not valid JSON/);
    expect(error.cause).toBeInstanceOf(SyntaxError);
  });

  it('refuses a manifest without a version', () => {
    const dir = assembly({ 'manifest.json': { artifacts: {} } });
    expect(assemblyError(dir).message).toMatch(/no 'version'/);
  });

  it('names the stack and the manifest when templateFile is missing', () => {
    const dir = assembly({
      'manifest.json': {
        version: '55.0.0',
        artifacts: {
          NoTemplate: {
            type: 'aws:cloudformation:stack',
            environment: 'aws://111111111111/eu-west-1',
            properties: {},
          },
        },
      },
    });
    const error = assemblyError(dir);
    expect(error.message).toContain("'NoTemplate'");
    expect(error.message).toContain('templateFile');
    expect(error.message).toContain(join(dir, 'manifest.json'));
  });

  it('names the template file when it is missing', () => {
    const dir = assembly({
      'manifest.json': { version: '55.0.0', artifacts: { Gone: stackArtifact('Gone.json') } },
    });
    const error = assemblyError(dir);
    expect(error.message).toContain(join(dir, 'Gone.json'));
    expect(error.message).toContain("'Gone'");
  });

  it('names the template file when it is not JSON', () => {
    const dir = assembly({
      'manifest.json': { version: '55.0.0', artifacts: { Bad: stackArtifact('Bad.json') } },
      'Bad.json': 'Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n',
    });
    const error = assemblyError(dir);
    expect(error.message).toContain(join(dir, 'Bad.json'));
    expect(error.message).toMatch(/not valid JSON/);
  });

  it('names the template file when it is JSON but not an object', () => {
    const dir = assembly({
      'manifest.json': { version: '55.0.0', artifacts: { List: stackArtifact('List.json') } },
      'List.json': '[]',
    });
    expect(assemblyError(dir).message).toContain(join(dir, 'List.json'));
  });

  it('refuses an environment that is not aws://ACCOUNT/REGION', () => {
    const dir = assembly({
      'manifest.json': {
        version: '55.0.0',
        artifacts: { Odd: stackArtifact('Odd.json', { environment: 'eu-west-1' }) },
      },
      'Odd.json': TEMPLATE,
    });
    const error = assemblyError(dir);
    expect(error.message).toContain("'Odd'");
    expect(error.message).toContain('aws://ACCOUNT/REGION');
  });
});
