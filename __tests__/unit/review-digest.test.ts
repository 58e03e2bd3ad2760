import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StackArtifact } from '../../src/assembly/stack-artifact.js';
import { canonicalJson } from '../../src/review/canonical-json.js';
import { differingStacks, planDigest, stackDigest } from '../../src/review/plan-digest.js';
import type { ParameterValues } from '../../src/settings/parameters.js';

const directory = mkdtempSync(join(tmpdir(), 'review-digest-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const NO_PARAMETERS: ParameterValues = { all: {}, byStack: {} };

let manifests = 0;
function assetManifest(files: Record<string, unknown>, path = 'asset.abc'): string {
  const file = join(directory, `m${manifests++}.assets.json`);
  const entries = Object.fromEntries(
    Object.entries(files).map(([hash, destinations]) => [
      hash,
      { source: { path: `${path}/${hash}`, packaging: 'zip' }, destinations },
    ]),
  );
  writeFileSync(file, JSON.stringify({ version: '55.0.0', files: entries }, null, 2));
  return file;
}

const destination = { d1: { bucketName: 'assets-bucket', objectKey: 'abc.zip' } };

function artifact(overrides: Partial<StackArtifact> = {}): StackArtifact {
  return {
    id: 'Api',
    artifactId: 'Api',
    stackName: 'Api',
    environment: { account: '123456789012', region: 'eu-west-1' },
    templatePath: join(directory, 'Api.template.json'),
    template: {
      Parameters: { Size: { Type: 'Number', Default: 1 }, Name: { Type: 'String' } },
      Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: 5 } } },
    },
    parameters: {},
    tags: { owner: 'team' },
    assumeRoleArn: 'arn:${AWS::Partition}:iam::123456789012:role/deploy',
    cloudFormationExecutionRoleArn: 'arn:${AWS::Partition}:iam::123456789012:role/exec',
    terminationProtection: false,
    notificationArns: [],
    dependencies: [],
    assetManifestPaths: [assetManifest({ abc: destination })],
    topLevel: true,
    ...overrides,
  };
}

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, { f: 2, e: 3 }], c: null } })).toBe(
      '{"a":{"c":null,"d":[1,{"e":3,"f":2}]},"b":1}',
    );
  });
});

describe('the plan digest', () => {
  const base = stackDigest(artifact(), NO_PARAMETERS);

  it('is a sha256 digest, the same for the same submission', () => {
    expect(base).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(stackDigest(artifact(), NO_PARAMETERS)).toBe(base);
  });

  it('ignores key order and whitespace of the template, and the paths of the assets', () => {
    const reordered = JSON.parse(
      JSON.stringify({
        Resources: { Queue: { Properties: { DelaySeconds: 5 }, Type: 'AWS::SQS::Queue' } },
        Parameters: { Name: { Type: 'String' }, Size: { Default: 1, Type: 'Number' } },
      }),
    ) as StackArtifact['template'];
    const moved = assetManifest({ abc: destination }, '/elsewhere/cdk.out/asset.abc');
    expect(
      stackDigest(artifact({ template: reordered, assetManifestPaths: [moved] }), NO_PARAMETERS),
    ).toBe(base);
  });

  it('changes with any submitted value', () => {
    const variants: Partial<StackArtifact>[] = [
      {
        template: {
          Parameters: { Size: { Type: 'Number', Default: 1 }, Name: { Type: 'String' } },
          Resources: { Queue: { Type: 'AWS::SQS::Queue', Properties: { DelaySeconds: 6 } } },
        },
      },
      { parameters: { Name: 'x' } },
      { tags: { owner: 'other' } },
      { assumeRoleArn: 'arn:aws:iam::123456789012:role/other' },
      { cloudFormationExecutionRoleArn: undefined },
      { notificationArns: ['arn:aws:sns:eu-west-1:123456789012:topic'] },
      { terminationProtection: true },
      { stackName: 'Api2' },
      { environment: { account: '123456789012', region: 'us-east-1' } },
      { assetManifestPaths: [assetManifest({ abd: destination })] },
      {
        assetManifestPaths: [
          assetManifest({ abc: { d1: { bucketName: 'other', objectKey: 'abc.zip' } } }),
        ],
      },
    ];
    const digests = variants.map((v) => stackDigest(artifact(v), NO_PARAMETERS));
    for (const digest of digests) expect(digest).not.toBe(base);
    expect(new Set(digests).size).toBe(variants.length);
  });

  it('takes the parameters input, the stack-specific value over the general one', () => {
    const general = stackDigest(artifact(), { all: { Name: 'a' }, byStack: {} });
    const specific = stackDigest(artifact(), {
      all: { Name: 'a' },
      byStack: { Api: { Name: 'b' } },
    });
    expect(general).not.toBe(base);
    expect(specific).not.toBe(general);
    expect(stackDigest(artifact({ parameters: { Name: 'a' } }), NO_PARAMETERS)).toBe(general);
  });

  it('covers the selected stacks: another selection is another plan', () => {
    const one = planDigest([artifact()], NO_PARAMETERS);
    const two = planDigest([artifact(), artifact({ stackName: 'Web', id: 'Web' })], NO_PARAMETERS);
    expect(one.planId).toMatch(/^plan-v1:[0-9a-f]{64}$/);
    expect(two.planId).not.toBe(one.planId);
    expect(planDigest([artifact()], NO_PARAMETERS).planId).toBe(one.planId);
    expect(differingStacks(one.stacks, two.stacks)).toEqual(['Web']);
  });
});
