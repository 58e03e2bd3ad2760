import type { Contract } from '../verify/contract/contract.js';
import { checkContractStacks } from '../verify/contract/contract-stacks.js';
import { checkOutputContractOnTemplates } from '../verify/contract/output-contract.js';
import { checkResourceContractOnTemplates } from '../verify/contract/resource-contract.js';
import { checkTemplateTags } from '../verify/tags/tag-checks.js';
import type { DeploymentRun } from './deployment-run.js';
import { DeploymentError } from '../errors.js';
import type { StackWork } from './deployment-run.js';
import { describeFailure } from './describe-failure.js';

/**
 * The contract and the governance tags checked on the synthesized templates, so a violation fails
 * the run before any stack is touched. Every result is recorded; all failures are reported.
 */
export function checkTemplatesBeforeDeploying(
  run: DeploymentRun,
  work: readonly StackWork[],
  contract: Contract | null,
  requiredTags: readonly string[],
): void {
  const environment = run.deployment.environment;
  const stacks = work.map(({ artifact }) => ({
    id: artifact.id,
    stackName: artifact.stackName,
    template: artifact.template,
    stackTags: artifact.tags,
  }));
  if (contract) checkContractStacks(contract, stacks);
  const results = [
    ...(contract ? checkOutputContractOnTemplates(contract, environment, stacks) : []),
    ...(contract ? checkResourceContractOnTemplates(contract, environment, stacks) : []),
    ...(requiredTags.length > 0 ? checkTemplateTags(requiredTags, environment, stacks) : []),
  ];
  results.forEach((result) => run.deployment.recordCheck(result));
  const failures = results.filter((r) => !r.passed).map(describeFailure);
  if (failures.length > 0) {
    throw new DeploymentError(
      `The templates break the contract (nothing was deployed):\n${failures.join('\n')}`,
    );
  }
}
