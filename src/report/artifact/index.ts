export { artifactName, defaultArtifactName, sanitizeArtifactName } from './artifact-name.js';
export { sanitizePathInArtifact } from './artifact-name.js';
export { artifactServiceAvailability, isEnterpriseServer } from './artifact-service.js';
export type { ArtifactServiceAvailability } from './artifact-service.js';
export { ARTIFACT_NAMES, artifactFolder, deploymentArtifactFiles } from './deployment-artifact.js';
export type { DeploymentArtifactContents, StackTemplate } from './deployment-artifact.js';
export { publishArtifact } from './publish-artifact.js';
export type {
  ArtifactFile,
  PublishRequest,
  PublishResult,
  SkippedFile,
} from './publish-artifact.js';
export { artifactServiceUploader } from './uploader.js';
export type { Uploader, UploadOptions, UploadResult } from './uploader.js';
