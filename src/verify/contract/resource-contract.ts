import type { CloudFormationTemplate } from '../../assembly/stack-artifact.js';
import type { CheckResult } from '../../model/check-result.js';
import {
  appliesIn,
  describeExpectation,
  matchesLogicalId,
  namesStack,
  type Contract,
  type ResourceRule,
} from './contract.js';
import { evaluate, resolvePath, type Source } from './evaluate.js';

const CHECK = 'resource-contract';

export interface TemplateStack {
  /** The hierarchical id (`Prod/Api`). */
  readonly id: string;
  readonly stackName: string;
  readonly template: CloudFormationTemplate;
}

export interface LiveResourceState {
  readonly stackName: string;
  /** The stack's hierarchical id; rules name a stack by it or by its stack name. */
  readonly stackId: string;
  readonly logicalId: string;
  readonly resourceType: string;
  /** The properties read back through the service's API; null = the resource could not be read. */
  readonly properties: Readonly<Record<string, unknown>> | null;
}

/** One resource a rule is checked on. */
interface Subject {
  readonly stackName: string;
  readonly stackId: string;
  readonly logicalId: string;
  readonly resourceType: string;
  readonly properties: Readonly<Record<string, unknown>> | null;
}

function ruleMatches(rule: ResourceRule, subject: Subject): boolean {
  return (
    rule.type === subject.resourceType &&
    (rule.stack === null ||
      namesStack(rule.stack, { id: subject.stackId, stackName: subject.stackName })) &&
    matchesLogicalId(rule.logicalId, subject.logicalId)
  );
}

function expectations(rule: ResourceRule): string {
  return rule.properties.map((p) => `${p.path} ${describeExpectation(p.expectation)}`).join(', ');
}

/** The rule on one resource: a failure or a skip as a result, a pass as null (counted). */
function checkOne(rule: ResourceRule, subject: Subject, source: Source): CheckResult | null {
  const base = { check: CHECK, stack: subject.stackName, resource: subject.logicalId };
  if (subject.properties === null) {
    return {
      ...base,
      passed: true,
      skipped: true,
      message: `${rule.label}: ${subject.resourceType} ${subject.logicalId} could not be read live, so ${expectations(rule)} is not verified`,
    };
  }
  const properties = subject.properties;
  const outcomes = rule.properties.map((p) =>
    evaluate(resolvePath(properties, p.path), p.expectation, p.path, source),
  );
  const failed = outcomes.flatMap((o) => (o.status === 'fail' ? [o.detail] : []));
  const skipped = outcomes.flatMap((o) => (o.status === 'skip' ? [o.detail] : []));
  if (failed.length > 0) {
    const undecided = skipped.length ? `; not decided: ${skipped.join('; ')}` : '';
    return { ...base, passed: false, message: `${rule.label}: ${failed.join('; ')}${undecided}` };
  }
  if (skipped.length > 0) {
    const message =
      source === 'live'
        ? `${rule.label}: not verified: ${skipped.join('; ')}`
        : `${rule.label}: not decided from the template: ${skipped.join('; ')}; checked live after deploying`;
    return { ...base, passed: true, skipped: true, message };
  }
  return null;
}

/**
 * Every rule that applies in `environment` on every resource it matches. Failures and skips are
 * one result per (rule, resource); passes one result per (rule, stack), counting the resources;
 * a rule that matched nothing gets one passed result saying so (a misspelt type shows there).
 */
function checkAll(
  contract: Contract,
  environment: string,
  subjects: readonly Subject[],
  source: Source,
): CheckResult[] {
  const results: CheckResult[] = [];
  for (const rule of contract.resources) {
    if (!appliesIn(rule, environment)) continue;
    const passedPerStack = new Map<string, number>();
    let matched = 0;
    for (const subject of subjects) {
      if (!ruleMatches(rule, subject)) continue;
      matched++;
      const result = checkOne(rule, subject, source);
      if (result) results.push(result);
      else passedPerStack.set(subject.stackName, (passedPerStack.get(subject.stackName) ?? 0) + 1);
    }
    const where = source === 'template' ? 'in the template' : 'live';
    for (const [stack, count] of passedPerStack) {
      results.push({
        check: CHECK,
        stack,
        passed: true,
        message: `${rule.label}: ${count} resource(s) meet ${expectations(rule)} ${where}`,
      });
    }
    if (matched === 0) {
      const narrowed = [
        rule.stack && `in stack ${rule.stack}`,
        rule.logicalId && `with logical id ${rule.logicalId}`,
      ]
        .filter(Boolean)
        .join(' ');
      results.push({
        check: CHECK,
        passed: true,
        message: `${rule.label}: no ${rule.type} ${narrowed ? `${narrowed} ` : ''}among the stacks checked`,
      });
    }
  }
  return results;
}

/**
 * The resource contract on the synthesized templates, before anything is deployed. A value an
 * intrinsic function computes cannot be decided for `equals`/`pattern`: skipped, to be checked live.
 */
export function checkResourceContractOnTemplates(
  contract: Contract,
  environment: string,
  stacks: readonly TemplateStack[],
): CheckResult[] {
  const subjects = stacks.flatMap((stack) =>
    Object.entries(stack.template.Resources ?? {}).map(([logicalId, resource]) => ({
      stackName: stack.stackName,
      stackId: stack.id,
      logicalId,
      resourceType: resource.Type,
      properties: resource.Properties ?? {},
    })),
  );
  return checkAll(contract, environment, subjects, 'template');
}

/**
 * The resource contract on the live resources, as read back after deploying. A resource that
 * could not be read, or a path the reader did not return, is skipped: not verified, not failed.
 */
export function checkResourceContractLive(
  contract: Contract,
  environment: string,
  resources: readonly LiveResourceState[],
): CheckResult[] {
  return checkAll(contract, environment, resources, 'live');
}
