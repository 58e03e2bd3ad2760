import { statSync } from 'node:fs';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../errors.js';
import { fillPlaceholders, type ResolvedEnvironment } from '../aws/aws-environment.js';

/** CloudFormation's limit on an inline template body. */
export const TEMPLATE_BODY_LIMIT = 51_200;

export type TemplateLocation = { TemplateBody: string } | { TemplateURL: string };

/** An `s3://bucket/key` of the manifest as the regional HTTPS URL CloudFormation reads. */
export function templateUrl(s3Url: string, env: ResolvedEnvironment): string {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(fillPlaceholders(s3Url, env));
  if (!match) throw new DeploymentError(`Template object URL '${s3Url}' is not s3://bucket/key.`);
  return `https://s3.${env.region}.${env.urlSuffix}/${match[1]}/${match[2]}`;
}

/**
 * Whether the stack's template goes to CloudFormation inline; then its template asset need not be
 * uploaded (a larger one is read from the asset bucket).
 */
export function templateSentInline(artifact: StackArtifact): boolean {
  return statSync(artifact.templatePath).size <= TEMPLATE_BODY_LIMIT;
}

/** The template inline when it fits, otherwise the URL of its uploaded template asset. */
export function templateLocation(
  artifact: StackArtifact,
  body: string,
  env: ResolvedEnvironment,
): TemplateLocation {
  if (Buffer.byteLength(body) <= TEMPLATE_BODY_LIMIT) return { TemplateBody: body };
  if (artifact.stackTemplateAssetObjectUrl) {
    return { TemplateURL: templateUrl(artifact.stackTemplateAssetObjectUrl, env) };
  }
  throw new DeploymentError(
    `Stack ${artifact.stackName}: the template is over ${TEMPLATE_BODY_LIMIT} bytes and the assembly gives no template asset to upload it as. Synthesize with the default stack synthesizer (bootstrapped environment).`,
    { stack: artifact.stackName },
  );
}
