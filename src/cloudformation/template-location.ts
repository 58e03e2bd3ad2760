import type { StackArtifact } from '../assembly/stack-artifact.js';
import { DeploymentError } from '../lifecycle/deployment-error.js';
import { fillPlaceholders, type ResolvedEnvironment } from './aws-environment.js';

/** CloudFormation's limit on an inline template body. */
export const TEMPLATE_BODY_LIMIT = 51_200;

export type TemplateLocation = { TemplateBody: string } | { TemplateURL: string };

/** An `s3://bucket/key` of the manifest as the regional HTTPS URL CloudFormation reads. */
export function templateUrl(s3Url: string, env: ResolvedEnvironment): string {
  const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(fillPlaceholders(s3Url, env));
  if (!match) throw new DeploymentError(`Template object URL '${s3Url}' is not s3://bucket/key.`);
  return `https://s3.${env.region}.${env.urlSuffix}/${match[1]}/${match[2]}`;
}

export function templateLocation(
  artifact: StackArtifact,
  body: string,
  env: ResolvedEnvironment,
): TemplateLocation {
  if (artifact.stackTemplateAssetObjectUrl) {
    return { TemplateURL: templateUrl(artifact.stackTemplateAssetObjectUrl, env) };
  }
  if (Buffer.byteLength(body) > TEMPLATE_BODY_LIMIT) {
    throw new DeploymentError(
      `Stack ${artifact.stackName}: the template is over ${TEMPLATE_BODY_LIMIT} bytes and the assembly gives no template asset to upload it as. Synthesize with the default stack synthesizer (bootstrapped environment).`,
      { stack: artifact.stackName },
    );
  }
  return { TemplateBody: body };
}
