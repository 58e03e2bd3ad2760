import type { CheckResult } from '../model/check-result.js';
import { cdkOutputs } from '../report/cdk-outputs.js';
import { recordFiles, writeOutputsFile } from '../report/record-files.js';
import type { Settings } from '../settings/settings.js';
import { mapWithLimit } from '../util/map-with-limit.js';
import {
  liveResourceReader,
  type ClosableLiveResourceReader,
} from '../verify/live/read-live-resource.js';
import { verifyLiveResources, type LiveReading } from '../verify/live-verification.js';
import { checkDeclaredOutputs, checkStackComplete } from '../verify/stack-checks.js';
import type { DeployContext } from './deploy-context.js';
import { describeFailure } from './describe-failure.js';
import type { Contract } from '../verify/contract/contract.js';
import { checkOutputContract } from '../verify/contract/output-contract.js';
import { checkResourceContractLive } from '../verify/contract/resource-contract.js';
import { checkLiveTags } from '../verify/tags/tag-checks.js';
import { runVerifyCommand, verifyEnvironment } from '../verify/verify-command.js';
import type { DeploymentRun } from './deployment-run.js';
import type { StackWork } from './stack-deployer.js';

/** Stacks whose resources are read back at once; each stack's reads run in parallel too. */
const STACKS_VERIFIED_AT_ONCE = 16;

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/**
 * Runs every check on what was deployed, records each result, and returns every failure (not only
 * the first), each naming its check, stack and message.
 */
export async function verifyDeployment(
  run: DeploymentRun,
  work: readonly StackWork[],
  settings: Settings,
  context: DeployContext,
  env: NodeJS.ProcessEnv,
  contract: Contract | null = null,
  requiredTags: readonly string[] = [],
): Promise<string[]> {
  const results: CheckResult[] = [];
  const readings: LiveReading[] = [];
  const resourcesOf = groupBy(run.resources, (r) => r.stackId);
  // One reader (one set of service clients) per region, shared by the stacks deployed there.
  const readers = new Map<string, ClosableLiveResourceReader>();
  const readerFor = (region: string): ClosableLiveResourceReader => {
    let reader = readers.get(region);
    if (!reader) {
      reader = liveResourceReader({ region, maxAttempts: context.environments.maxAttempts });
      readers.set(region, reader);
    }
    return reader;
  };
  try {
    const perStack = await mapWithLimit(
      work,
      STACKS_VERIFIED_AT_ONCE,
      async ({ stack, artifact }) => {
        const state = {
          artifact,
          cloudformationStatus: stack.cloudformationStatus,
          outputs: stack.outputs,
        };
        const resolved = await context.environments.resolve(artifact.environment);
        const live = await verifyLiveResources(
          stack.name,
          resourcesOf.get(stack.id) ?? [],
          readerFor(resolved.region),
        );
        return {
          checks: [checkStackComplete(state), checkDeclaredOutputs(state), ...live.results],
          live,
        };
      },
    );
    for (const { checks, live } of perStack) {
      results.push(...checks);
      readings.push(...live.readings);
    }
  } finally {
    readers.forEach((reader) => reader.destroy());
  }
  const environment = run.deployment.environment;
  if (contract) {
    const deployed = work.map(({ stack, artifact }) => ({
      id: artifact.id,
      stackName: artifact.stackName,
      outputs: stack.outputs,
    }));
    results.push(...checkOutputContract(contract, environment, deployed));
    const live = readings.map(({ resource, result }) => ({
      stackName: resource.description.stackName,
      stackId: run.artifacts.get(resource.stackId)?.id ?? resource.description.stackName,
      logicalId: resource.description.logicalId,
      resourceType: resource.description.resourceType,
      properties: result.outcome === 'found' ? { ...result.properties } : null,
    }));
    results.push(...checkResourceContractLive(contract, environment, live));
  }
  if (requiredTags.length > 0) {
    const tagged = readings.map(({ resource, result }) => ({
      stackName: resource.description.stackName,
      logicalId: resource.description.logicalId,
      resourceType: resource.description.resourceType,
      tags: result.outcome === 'found' && result.tags ? { ...result.tags } : null,
    }));
    results.push(...checkLiveTags(requiredTags, tagged));
  }
  if (settings.verifyCommand) {
    const outputs = cdkOutputs(run.stacks);
    const files = recordFiles(settings.outputDirectory, run.deployment.id);
    writeOutputsFile(files, outputs);
    run.deployment.log('info', `Running the verify command: ${settings.verifyCommand}`);
    results.push(
      await runVerifyCommand({
        command: settings.verifyCommand,
        workingDirectory: settings.workingDirectory,
        env: verifyEnvironment(env, outputs, files.outputsFile),
      }),
    );
  }
  results.forEach((result) => run.deployment.recordCheck(result));
  return results.filter((r) => !r.passed).map(describeFailure);
}
