import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../../src/settings/settings.js';

/** Settings as the action would read them, for a pre-synthesized assembly; override what a test needs. */
export function testSettings(overrides: Partial<Settings> = {}): Settings {
  return {
    mode: 'deploy',
    workingDirectory: process.cwd(),
    synthCommand: null,
    cloudAssembly: null,
    stacks: [],
    environment: 'dev',
    concurrency: 4,
    parameters: { all: {}, byStack: {} },
    rollback: true,
    verifyCommand: null,
    verifyTimeoutMs: 30 * 60_000,
    contract: null,
    requiredTags: [],
    region: 'us-east-1',
    githubToken: null,
    commentOnPr: false,
    githubDeployment: false,
    environmentUrl: null,
    environmentUrlOutput: null,
    artifactName: null,
    failOnDestructiveChanges: false,
    outputDirectory: join(tmpdir(), 'cdk-deploy-action-tests'),
    stackTimeoutMs: 2 * 3_600_000,
    busyStackTimeoutMs: 15 * 60_000,
    maskOutputs: [],
    imageBuildConcurrency: 2,
    requireApproval: 'never',
    expectedPlan: null,
    failOnApprovalRequired: false,
    alarms: [],
    bakeTimeMs: 0,
    express: false,
    drift: 'ignore',
    ...overrides,
  };
}
