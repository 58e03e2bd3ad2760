// Checks that the test fixtures are what they claim to be: the CDK apps under
// __tests__/fixtures/apps and examples/ synthesize into the assemblies the other tests rely on, and the
// hand-made assemblies under __tests__/fixtures/assemblies are read (or rejected) as intended.
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ArtifactType,
  FileAssetPackaging,
  Manifest,
  type ArtifactManifest,
  type AssemblyManifest,
  type AwsCloudFormationStackProperties,
  type NestedCloudAssemblyProperties,
} from '@aws-cdk/cloud-assembly-schema';
import { beforeAll, describe, expect, it } from 'vitest';
import { fixtureAssembliesDir, synthFixture } from './support/synth.js';

interface Template {
  Resources: Record<string, { Type: string; Properties?: Record<string, unknown> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
}

type Stacks = Record<string, ArtifactManifest & { properties: AwsCloudFormationStackProperties }>;

function stacksOf(manifest: AssemblyManifest): Stacks {
  const stacks: Stacks = {};
  for (const [id, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (artifact.type === ArtifactType.AWS_CLOUDFORMATION_STACK) {
      stacks[id] = artifact as Stacks[string];
    }
  }
  return stacks;
}

/** Stack dependencies only (asset manifests removed). */
function stackDeps(stacks: Stacks, id: string): string[] {
  return (stacks[id]?.dependencies ?? []).filter((dep) => dep in stacks).sort();
}

async function readTemplate(dir: string, stacks: Stacks, id: string): Promise<Template> {
  const file = stacks[id]?.properties.templateFile;
  if (!file) throw new Error(`no stack ${id}`);
  return JSON.parse(await readFile(join(dir, file), 'utf8')) as Template;
}

function importsOf(template: Template): string[] {
  const found = new Set<string>();
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'Fn::ImportValue' && typeof value === 'string') found.add(value);
        else walk(value);
      }
    }
  };
  walk(template.Resources);
  return [...found].sort();
}

const SYNTH_TIMEOUT = 120_000;
const apps = ['examples', 'multi-stack', 'staged', 'lambda-asset', 'large-template'] as const;
const dirs = {} as Record<(typeof apps)[number], string>;

beforeAll(async () => {
  // Synthesize everything in parallel: each app takes a few seconds.
  const results = await Promise.all(apps.map((app) => synthFixture(app)));
  apps.forEach((app, i) => (dirs[app] = results[i]!));
}, SYNTH_TIMEOUT);

describe('fixture apps', () => {
  it.each(apps)('%s synthesizes into a valid cloud assembly', (app) => {
    const manifest = Manifest.loadAssemblyManifest(join(dirs[app], 'manifest.json'));
    expect(Object.keys(manifest.artifacts ?? {}).length).toBeGreaterThan(0);
  });

  it('caches per app and env', async () => {
    await expect(synthFixture('multi-stack')).resolves.toBe(dirs['multi-stack']);
  });

  it('examples: three stacks, DemoApi after DemoData and DemoQueue, tags and outputs', async () => {
    const dir = dirs.examples;
    const stacks = stacksOf(Manifest.loadAssemblyManifest(join(dir, 'manifest.json')));
    expect(Object.keys(stacks).sort()).toEqual(['DemoApi', 'DemoData', 'DemoQueue']);
    expect(stackDeps(stacks, 'DemoApi')).toEqual(['DemoData', 'DemoQueue']);
    expect(stackDeps(stacks, 'DemoData')).toEqual([]);
    expect(stackDeps(stacks, 'DemoQueue')).toEqual([]);
    for (const stack of Object.values(stacks)) {
      expect(stack.environment).toBe('aws://unknown-account/unknown-region');
      expect(stack.properties.tags).toEqual({ owner: 'platform-team', 'cost-center': 'cc-1234' });
    }
    const data = await readTemplate(dir, stacks, 'DemoData');
    expect(data.Outputs?.TableName?.Export?.Name).toBe('DemoData-TableName');
    expect(data.Outputs?.BucketName?.Export).toBeUndefined();
    const queue = await readTemplate(dir, stacks, 'DemoQueue');
    expect(queue.Outputs?.QueueUrl?.Export?.Name).toBe('DemoQueue-QueueUrl');
    const api = await readTemplate(dir, stacks, 'DemoApi');
    expect(Object.keys(api.Outputs ?? {}).sort()).toEqual(['ApiFunctionArn', 'ApiFunctionName']);
    expect(importsOf(api).some((name) => name.startsWith('DemoData:'))).toBe(true);
    expect(importsOf(api).some((name) => name.startsWith('DemoQueue:'))).toBe(true);
    // cdk.json's flags are applied (as `cdk synth` would): a CDK-managed log group.
    const types = Object.values(api.Resources).map((r) => r.Type);
    expect(types).toEqual(expect.arrayContaining(['AWS::Lambda::Function', 'AWS::Logs::LogGroup']));
  });

  it('multi-stack: Bravo imports Alpha, Charlie imports Bravo and Alpha, Delta is independent', async () => {
    const dir = dirs['multi-stack'];
    const stacks = stacksOf(Manifest.loadAssemblyManifest(join(dir, 'manifest.json')));
    expect(Object.keys(stacks).sort()).toEqual(['Alpha', 'Bravo', 'Charlie', 'Delta']);
    expect(stackDeps(stacks, 'Alpha')).toEqual([]);
    expect(stackDeps(stacks, 'Bravo')).toEqual(['Alpha']);
    expect(stackDeps(stacks, 'Charlie')).toEqual(['Alpha', 'Bravo']);
    expect(stackDeps(stacks, 'Delta')).toEqual([]);

    const bravo = await readTemplate(dir, stacks, 'Bravo');
    expect(importsOf(bravo).every((name) => name.startsWith('Alpha:'))).toBe(true);
    const charlie = await readTemplate(dir, stacks, 'Charlie');
    const charlieImports = importsOf(charlie).map((name) => name.split(':')[0]);
    expect([...new Set(charlieImports)].sort()).toEqual(['Alpha', 'Bravo']);
    const alpha = await readTemplate(dir, stacks, 'Alpha');
    expect(alpha.Outputs?.QueueUrl?.Export?.Name).toBe('Alpha-QueueUrl');
  });

  it(
    'multi-stack: APP_VARIANT=v2 changes Bravo only',
    async () => {
      const v1 = dirs['multi-stack'];
      const v2 = await synthFixture('multi-stack', { APP_VARIANT: 'v2' });
      expect(v2).not.toBe(v1);
      const stacks1 = stacksOf(Manifest.loadAssemblyManifest(join(v1, 'manifest.json')));
      const stacks2 = stacksOf(Manifest.loadAssemblyManifest(join(v2, 'manifest.json')));
      for (const id of ['Alpha', 'Charlie', 'Delta']) {
        expect(await readTemplate(v2, stacks2, id)).toEqual(await readTemplate(v1, stacks1, id));
      }
      const bravo1 = await readTemplate(v1, stacks1, 'Bravo');
      const bravo2 = await readTemplate(v2, stacks2, 'Bravo');
      expect(bravo2).not.toEqual(bravo1);
      expect(Object.keys(bravo2.Outputs ?? {})).toContain('ExtraQueueUrl');
      expect(Object.keys(bravo1.Outputs ?? {})).not.toContain('ExtraQueueUrl');
    },
    SYNTH_TIMEOUT,
  );

  it('staged: a top-level stack and a nested assembly for the Prod stage', () => {
    const dir = dirs.staged;
    const manifest = Manifest.loadAssemblyManifest(join(dir, 'manifest.json'));
    expect(Object.keys(stacksOf(manifest))).toEqual(['Shared']);
    const nested = Object.entries(manifest.artifacts ?? {}).filter(
      ([, a]) => a.type === ArtifactType.NESTED_CLOUD_ASSEMBLY,
    );
    expect(nested.map(([id]) => id)).toEqual(['assembly-Prod']);
    const props = nested[0]![1].properties as NestedCloudAssemblyProperties;
    expect(props.directoryName).toBe('assembly-Prod');

    const inner = stacksOf(
      Manifest.loadAssemblyManifest(join(dir, props.directoryName, 'manifest.json')),
    );
    expect(
      Object.values(inner)
        .map((s) => s.displayName)
        .sort(),
    ).toEqual(['Prod/App', 'Prod/Db']);
    const byDisplay = (name: string) => {
      const [id, stack] = Object.entries(inner).find(([, s]) => s.displayName === name)!;
      return { id, stack };
    };
    const db = byDisplay('Prod/Db');
    const app = byDisplay('Prod/App');
    // Artifact ids are not the hierarchical ids, and the stack names are `<stage>-<id>`.
    expect(db.id).not.toBe('Prod/Db');
    expect(db.stack.properties.stackName).toBe('Prod-Db');
    expect(app.stack.properties.stackName).toBe('Prod-App');
    expect(stackDeps(inner, app.id)).toEqual([db.id]);
  });

  it('lambda-asset: the function code is a zipped directory asset in the assets manifest', async () => {
    const dir = dirs['lambda-asset'];
    const manifest = Manifest.loadAssemblyManifest(join(dir, 'manifest.json'));
    const stacks = stacksOf(manifest);
    expect(Object.keys(stacks)).toEqual(['LambdaAsset']);
    const assets = Manifest.loadAssetManifest(join(dir, 'LambdaAsset.assets.json'));
    const files = Object.values(assets.files ?? {});
    const code = files.find((f) => f.source.packaging === FileAssetPackaging.ZIP_DIRECTORY);
    expect(code).toBeDefined();
    expect(statSync(join(dir, code!.source.path!)).isDirectory()).toBe(true);
    const objectKey = Object.values(code!.destinations)[0]!.objectKey;

    const template = await readTemplate(dir, stacks, 'LambdaAsset');
    const fn = Object.values(template.Resources).find((r) => r.Type === 'AWS::Lambda::Function');
    expect((fn?.Properties?.Code as { S3Key?: string }).S3Key).toBe(objectKey);
    expect(Object.keys(template.Outputs ?? {}).sort()).toEqual(['FunctionArn', 'FunctionName']);
  });

  it('large-template: the template exceeds 51,200 bytes and is published as a file asset', () => {
    const dir = dirs['large-template'];
    const stacks = stacksOf(Manifest.loadAssemblyManifest(join(dir, 'manifest.json')));
    const stack = stacks.LargeTemplate!;
    expect(statSync(join(dir, stack.properties.templateFile)).size).toBeGreaterThan(51_200);
    const url = stack.properties.stackTemplateAssetObjectUrl;
    expect(url).toMatch(/^s3:\/\/cdk-hnb659fds-assets-.*\.json$/);
    const assets = Manifest.loadAssetManifest(join(dir, 'LargeTemplate.assets.json'));
    const templateAsset = Object.values(assets.files ?? {}).find(
      (f) => f.source.path === stack.properties.templateFile,
    );
    expect(templateAsset?.source.packaging).toBe(FileAssetPackaging.FILE);
    expect(url!.endsWith(`/${Object.values(templateAsset!.destinations)[0]!.objectKey}`)).toBe(
      true,
    );
  });
});

describe('hand-made assemblies', () => {
  const manifestOf = (name: string) => join(fixtureAssembliesDir, name, 'manifest.json');

  it('cycle: StackA and StackB depend on each other', () => {
    const stacks = stacksOf(Manifest.loadAssemblyManifest(manifestOf('cycle')));
    expect(stackDeps(stacks, 'StackA')).toEqual(['StackB']);
    expect(stackDeps(stacks, 'StackB')).toEqual(['StackA']);
    expect(stackDeps(stacks, 'Standalone')).toEqual([]);
  });

  it('missing-context: the manifest has an unresolved lookup', () => {
    const manifest = Manifest.loadAssemblyManifest(manifestOf('missing-context'));
    expect(manifest.missing).toHaveLength(1);
    expect(manifest.missing![0]!.provider).toBe('ssm');
  });

  it('newer-schema: the schema library refuses version 99.0.0', () => {
    expect(() => Manifest.loadAssemblyManifest(manifestOf('newer-schema'))).toThrow(
      /schema version mismatch/i,
    );
  });

  it.each(['cycle', 'missing-context', 'newer-schema'])(
    '%s: every template and asset manifest it names exists',
    async (name) => {
      const raw = JSON.parse(await readFile(manifestOf(name), 'utf8')) as AssemblyManifest;
      for (const artifact of Object.values(raw.artifacts ?? {})) {
        const props = artifact.properties as { templateFile?: string; file?: string } | undefined;
        for (const file of [props?.templateFile, props?.file]) {
          if (file) expect(existsSync(join(fixtureAssembliesDir, name, file))).toBe(true);
        }
      }
    },
  );
});
