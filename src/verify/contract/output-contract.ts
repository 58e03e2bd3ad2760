import type { CloudFormationTemplate } from '../../assembly/stack-artifact.js';
import type { CheckResult } from '../../model/check-result.js';
import { appliesIn, namesStack, type Contract, type OutputRule } from './contract.js';
import { evaluate, intrinsicName, type Outcome, type Resolved } from './evaluate.js';

const CHECK = 'output-contract';

export interface DeployedStackOutputs {
  /** The hierarchical id (`Prod/Api`). */
  readonly id: string;
  readonly stackName: string;
  /** The stack's outputs after deploying, as CloudFormation reports them. */
  readonly outputs: Readonly<Record<string, string>>;
}

export interface TemplateStackOutputs {
  readonly id: string;
  readonly stackName: string;
  readonly template: CloudFormationTemplate;
}

interface Checked {
  readonly stackName: string;
  readonly rule: OutputRule;
  readonly outcome: Outcome;
}

/** Failures and skips one per (stack, output rule); passes one per stack, naming the outputs. */
function collect(checked: readonly Checked[], when: string): CheckResult[] {
  const results: CheckResult[] = [];
  const passed = new Map<string, Set<string>>();
  for (const { stackName, rule, outcome } of checked) {
    if (outcome.status === 'pass') {
      passed.set(stackName, (passed.get(stackName) ?? new Set()).add(rule.output));
      continue;
    }
    results.push({
      check: CHECK,
      stack: stackName,
      passed: outcome.status === 'skip',
      ...(outcome.status === 'skip' ? { skipped: true } : {}),
      message: `output ${outcome.detail} (contract ${rule.location.pointer})`,
    });
  }
  for (const [stackName, outputs] of passed) {
    results.push({
      check: CHECK,
      stack: stackName,
      passed: true,
      message: `${outputs.size} output(s) meet the contract ${when}: ${[...outputs].join(', ')}`,
    });
  }
  return results;
}

function rulesFor(contract: Contract, environment: string): OutputRule[] {
  return contract.outputs.filter((rule) => appliesIn(rule, environment));
}

/**
 * The output contract on the deployed stacks' outputs. A stack the contract names that is not
 * among `stacks` (not selected for this run) is skipped, visibly: its outputs are not verified.
 */
export function checkOutputContract(
  contract: Contract,
  environment: string,
  stacks: readonly DeployedStackOutputs[],
): CheckResult[] {
  const checked: Checked[] = [];
  const notDeployed = new Map<string, Set<string>>();
  for (const rule of rulesFor(contract, environment)) {
    const stack = stacks.find((s) => namesStack(rule.stack, s));
    if (!stack) {
      notDeployed.set(rule.stack, (notDeployed.get(rule.stack) ?? new Set()).add(rule.output));
      continue;
    }
    const resolved: Resolved = Object.hasOwn(stack.outputs, rule.output)
      ? { state: 'present', value: stack.outputs[rule.output] }
      : { state: 'absent' };
    const outcome = evaluate(resolved, rule.expectation, rule.output, 'outputs');
    checked.push({ stackName: stack.stackName, rule, outcome });
  }
  const results = collect(checked, 'after deploying');
  for (const [stack, outputs] of notDeployed) {
    results.push({
      check: CHECK,
      stack,
      passed: true,
      skipped: true,
      message: `stack ${stack} is not deployed in this run, so its output(s) ${[...outputs].join(', ')} are not verified`,
    });
  }
  return results;
}

/** An output as the template declares it. */
function declaredOutput(template: CloudFormationTemplate, name: string): Resolved {
  const declared = template.Outputs?.[name];
  if (!declared || declared.Value === undefined) return { state: 'absent' };
  if (declared.Condition !== undefined) {
    return {
      state: 'computed',
      fn: `Condition ${declared.Condition}`,
      leaf: false,
      mayBeAbsent: true,
    };
  }
  const fn = intrinsicName(declared.Value);
  return fn
    ? { state: 'computed', fn, leaf: true, mayBeAbsent: false }
    : { state: 'present', value: declared.Value };
}

/**
 * The output contract on the synthesized templates, before deploying: an output the template does
 * not declare cannot be there afterwards, and a literal value can be compared now. A value an
 * intrinsic function computes (most CDK outputs) is decided after deploying by
 * `checkOutputContract`, so here it counts as passed rather than adding a skipped result.
 */
export function checkOutputContractOnTemplates(
  contract: Contract,
  environment: string,
  stacks: readonly TemplateStackOutputs[],
): CheckResult[] {
  const checked: Checked[] = [];
  for (const rule of rulesFor(contract, environment)) {
    const stack = stacks.find((s) => namesStack(rule.stack, s));
    if (!stack) continue;
    const resolved = declaredOutput(stack.template, rule.output);
    let outcome = evaluate(resolved, rule.expectation, rule.output, 'template');
    if (outcome.status === 'skip') outcome = { status: 'pass' };
    if (outcome.status === 'fail' && resolved.state === 'absent') {
      outcome = {
        status: 'fail',
        detail: `${rule.output} is not declared in the template's Outputs, so the deployed stack will not have it`,
      };
    }
    checked.push({ stackName: stack.stackName, rule, outcome });
  }
  return collect(checked, 'in the template');
}
