import { createHash } from 'node:crypto';
import type { StackArtifact } from '../assembly/stack-artifact.js';
import type { ResolvedEnvironment } from '../aws/aws-environment.js';
import { TEMPLATE_BODY_LIMIT, templateUrl, type TemplateLocation } from './template-location.js';
import { DeploymentError } from '../errors.js';

/**
 * Where CloudFormation can read a captured template. A large one is found in the asset bucket,
 * where the CDK keeps templates under the SHA-256 of their content.
 */
export function previousTemplateLocation(
  body: string,
  artifact: StackArtifact,
  env: ResolvedEnvironment,
): TemplateLocation {
  if (Buffer.byteLength(body) <= TEMPLATE_BODY_LIMIT) return { TemplateBody: body };
  const current = artifact.stackTemplateAssetObjectUrl;
  const bucket = current ? /^s3:\/\/([^/]+)\//.exec(current)?.[1] : undefined;
  if (!bucket) {
    throw new DeploymentError(
      `Stack ${artifact.stackName}: the previous template is over ${TEMPLATE_BODY_LIMIT} bytes and there is no asset bucket to read it from; redeploy the previous version of the app.`,
      { stack: artifact.stackName },
    );
  }
  const hash = createHash('sha256').update(body).digest('hex');
  return { TemplateURL: templateUrl(`s3://${bucket}/${hash}.json`, env) };
}
