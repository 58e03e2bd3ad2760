import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type {
  ArtifactManifest,
  AssemblyManifest,
  AwsCloudFormationStackProperties,
  NestedCloudAssemblyProperties,
} from '@aws-cdk/cloud-assembly-schema';
import schemaVersion from '@aws-cdk/cloud-assembly-schema/schema/version.json';
import { AssemblyError } from '../errors.js';
import type { CloudFormationTemplate, StackArtifact, StackEnvironment } from './stack-artifact.js';

export interface CloudAssembly {
  readonly directory: string;
  /** Every stack, in manifest order, nested Stages included. */
  readonly stacks: readonly StackArtifact[];
  readonly warnings: readonly string[];
}

const STACK_TYPE = 'aws:cloudformation:stack';
const NESTED_TYPE = 'cdk:cloud-assembly';
const ASSET_MANIFEST_TYPE = 'cdk:asset-manifest';

/** The schema types `type` as an enum; this reader compares the manifest's plain strings. */
function typeOf(artifact: ArtifactManifest | undefined): string {
  return String(artifact?.type);
}

/** How to get a whole assembly again, for a file that is missing or broken. */
const SYNTHESIZE_AGAIN =
  "Synthesize the app again, or point 'cloud-assembly' at the folder 'cdk synth' wrote (cdk.out).";

function readJson<T>(path: string, what: string): T {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new AssemblyError(
      `${what} '${path}' cannot be read: ${(error as Error).message}. ${SYNTHESIZE_AGAIN}`,
      { cause: error },
    );
  }
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new AssemblyError(
      `${what} '${path}' is not valid JSON: ${(error as Error).message}. ${SYNTHESIZE_AGAIN}`,
      { cause: error },
    );
  }
}

function parseEnvironment(
  value: string | undefined,
  artifactId: string,
  file: string,
): StackEnvironment {
  const match = /^aws:\/\/([^/]+)\/([^/]+)$/.exec(value ?? '');
  if (!match?.[1] || !match[2]) {
    throw new AssemblyError(
      `Stack '${artifactId}' in '${file}' has environment '${value ?? ''}'; expected 'aws://ACCOUNT/REGION'. ${SYNTHESIZE_AGAIN}`,
    );
  }
  return { account: match[1], region: match[2] };
}

function checkVersion(manifest: AssemblyManifest, file: string, warnings: string[]): void {
  if (typeof manifest.version !== 'string') {
    throw new AssemblyError(
      `'${file}' has no 'version': it is not a cloud assembly manifest. ${SYNTHESIZE_AGAIN}`,
    );
  }
  const major = Number(manifest.version.split('.')[0]);
  if (major > schemaVersion.revision) {
    warnings.push(
      `'${file}' uses cloud assembly schema ${manifest.version}, newer than ${schemaVersion.revision}.0.0 that this action was built with; reading it leniently.`,
    );
  }
}

function checkMissingContext(manifest: AssemblyManifest, file: string): void {
  const missing = manifest.missing ?? [];
  if (missing.length === 0) return;
  const keys = missing.map((m) => m.key).join(', ');
  throw new AssemblyError(
    `'${file}' has unresolved context (${keys}). Run 'cdk synth' with credentials for the lookups, then commit cdk.context.json so synthesis needs no lookup.`,
  );
}

interface Level {
  readonly directory: string;
  readonly prefix: string;
  readonly topLevel: boolean;
}

function hierarchicalId(artifactId: string, artifact: ArtifactManifest, level: Level): string {
  if (artifact.displayName) return artifact.displayName;
  return level.prefix ? `${level.prefix}/${artifactId}` : artifactId;
}

function readStack(
  artifactId: string,
  artifact: ArtifactManifest,
  manifest: AssemblyManifest,
  level: Level,
  file: string,
): StackArtifact {
  const properties = (artifact.properties ?? {}) as Partial<AwsCloudFormationStackProperties>;
  if (typeof properties.templateFile !== 'string') {
    throw new AssemblyError(
      `Stack '${artifactId}' in '${file}' has no 'properties.templateFile'. ${SYNTHESIZE_AGAIN}`,
    );
  }
  const templatePath = resolve(level.directory, properties.templateFile);
  const template = readJson<CloudFormationTemplate>(
    templatePath,
    `Template of stack '${artifactId}'`,
  );
  if (typeof template !== 'object' || template === null || Array.isArray(template)) {
    throw new AssemblyError(`Template '${templatePath}' is not a JSON object. ${SYNTHESIZE_AGAIN}`);
  }
  const dependencies = artifact.dependencies ?? [];
  const artifacts = manifest.artifacts ?? {};
  const stackDependencies = dependencies.filter((d) => typeOf(artifacts[d]) === STACK_TYPE);
  const assetManifestPaths = dependencies
    .map((d) => artifacts[d])
    .filter((a) => typeOf(a) === ASSET_MANIFEST_TYPE)
    .map((a) => resolve(level.directory, String((a?.properties as { file?: string }).file)));
  return {
    id: hierarchicalId(artifactId, artifact, level),
    artifactId,
    stackName: properties.stackName ?? artifactId,
    environment: parseEnvironment(artifact.environment, artifactId, file),
    templatePath,
    template,
    parameters: properties.parameters ?? {},
    tags: properties.tags ?? {},
    assumeRoleArn: properties.assumeRoleArn,
    assumeRoleExternalId: properties.assumeRoleExternalId,
    lookupRoleArn: properties.lookupRole?.arn,
    lookupRoleExternalId: properties.lookupRole?.assumeRoleExternalId,
    cloudFormationExecutionRoleArn: properties.cloudFormationExecutionRoleArn,
    stackTemplateAssetObjectUrl: properties.stackTemplateAssetObjectUrl,
    requiresBootstrapStackVersion: properties.requiresBootstrapStackVersion,
    bootstrapStackVersionSsmParameter: properties.bootstrapStackVersionSsmParameter,
    terminationProtection: properties.terminationProtection ?? false,
    notificationArns: properties.notificationArns ?? [],
    dependencies: stackDependencies.map((d) =>
      hierarchicalId(d, artifacts[d] as ArtifactManifest, level),
    ),
    assetManifestPaths,
    topLevel: level.topLevel,
  };
}

function readLevel(level: Level, stacks: StackArtifact[], warnings: string[]): void {
  const file = join(level.directory, 'manifest.json');
  const manifest = readJson<AssemblyManifest>(file, 'Cloud assembly manifest');
  checkVersion(manifest, file, warnings);
  checkMissingContext(manifest, file);
  for (const [artifactId, artifact] of Object.entries(manifest.artifacts ?? {})) {
    if (typeOf(artifact) === STACK_TYPE) {
      stacks.push(readStack(artifactId, artifact, manifest, level, file));
    } else if (typeOf(artifact) === NESTED_TYPE) {
      const nested = (artifact.properties ?? {}) as Partial<NestedCloudAssemblyProperties>;
      if (typeof nested.directoryName !== 'string') {
        throw new AssemblyError(
          `Stage '${artifactId}' in '${file}' has no 'properties.directoryName'. ${SYNTHESIZE_AGAIN}`,
        );
      }
      const stageName = (
        nested.displayName ??
        artifact.displayName ??
        artifactId.replace(/^assembly-/, '')
      )
        .split('/')
        .at(-1) as string;
      readLevel(
        {
          directory: resolve(level.directory, nested.directoryName),
          prefix: level.prefix ? `${level.prefix}/${stageName}` : stageName,
          topLevel: false,
        },
        stacks,
        warnings,
      );
    }
  }
}

/** Reads a cloud assembly leniently: only the fields the deployment uses must be there. */
export function readAssembly(directory: string): CloudAssembly {
  const stacks: StackArtifact[] = [];
  const warnings: string[] = [];
  readLevel({ directory: resolve(directory), prefix: '', topLevel: true }, stacks, warnings);
  return { directory: resolve(directory), stacks, warnings };
}
