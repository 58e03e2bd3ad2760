import type { StackArtifact } from '../../assembly/stack-artifact.js';
import type { PlannedStack } from '../../cloudformation/engine.js';
import { DeploymentError } from '../../errors.js';
import { planCounts } from '../../model/plan-counts.js';
import type { Stack, StackPlan } from '../../model/stack.js';
import type { StackWork } from '../deployment-run.js';

export function emptyPlan(
  outcome: StackPlan['outcome'],
  source: StackPlan['source'],
  message: string,
): StackPlan {
  return {
    outcome,
    source,
    change_set_type: null,
    additions: [],
    modifications: [],
    replacements: [],
    removals: [],
    destructive_changes: [],
    blocked_by: [],
    message,
  };
}

function exportNames(artifact: StackArtifact): unknown[] {
  return Object.values(artifact.template.Outputs ?? {}).map(
    (output) => (output.Export as { Name?: unknown } | undefined)?.Name,
  );
}

/** Who exports `name`, among the stacks of this run (literal export names only). */
function exporterOf(name: string, work: readonly StackWork[]): StackWork | undefined {
  return work.find(({ artifact }) => exportNames(artifact).includes(name));
}

function willChange(stack: Stack | undefined): boolean {
  const outcome = stack?.plan?.outcome;
  return outcome === 'changes' || outcome === 'blocked';
}

/**
 * The stacks of this run whose deployment would create the export a change set is missing: the
 * stack that exports it by that literal name, when it has changes or is blocked itself; otherwise
 * the dependencies with changes whose export names are computed (Fn::Sub, Fn::Join), which may be
 * it. Empty: the export comes from nowhere in this run, a real failure.
 */
function blockingStacks(
  missingExport: string | null,
  work: StackWork,
  all: readonly StackWork[],
): string[] {
  const exporter = missingExport !== null ? exporterOf(missingExport, all) : undefined;
  if (exporter) return willChange(exporter.stack) ? [exporter.stack.name] : [];
  const byName = new Map(all.map((w) => [w.stack.name, w]));
  return work.stack.identity.dependencies.filter((name) => {
    const dependency = byName.get(name);
    return (
      dependency !== undefined &&
      willChange(dependency.stack) &&
      exportNames(dependency.artifact).some((n) => n !== undefined && typeof n !== 'string')
    );
  });
}

function blockedPlan(planned: PlannedStack, work: StackWork, all: readonly StackWork[]): StackPlan {
  const { artifact } = work;
  const blockers = blockingStacks(planned.missingExport, work, all);
  if (blockers.length === 0) {
    throw new DeploymentError(`Stack ${artifact.stackName}: change set failed: ${planned.reason}`, {
      stack: artifact.stackName,
    });
  }
  const what = planned.isNew
    ? `every resource of its template would be added`
    : 'its changes are not known';
  const message = `Cannot be planned until ${blockers.join(', ')} ${blockers.length === 1 ? 'is' : 'are'} deployed (${planned.reason.trim()}); ${what}`;
  return {
    ...emptyPlan('blocked', planned.isNew ? 'template' : 'none', message),
    change_set_type: planned.changeSetType,
    additions: planned.isNew ? planned.changes.additions : [],
    blocked_by: blockers,
  };
}

/** What the engine's plan of a stack means for the record: the stack's `plan`. */
export function stackPlan(
  planned: PlannedStack,
  work: StackWork,
  all: readonly StackWork[],
): StackPlan {
  switch (planned.outcome) {
    case 'unchanged':
      return emptyPlan(
        'no-changes',
        'unchanged',
        'No changes: template, parameters, tags and settings are as deployed',
      );
    case 'empty':
      return {
        ...emptyPlan('no-changes', 'change-set', 'No changes: the change set was empty'),
        change_set_type: planned.changeSetType,
      };
    case 'recreate':
      return {
        ...emptyPlan(
          'changes',
          'template',
          `Stack is ${planned.existing?.status ?? ''} from a failed create: deploying deletes it and creates it again`,
        ),
        additions: planned.changes.additions,
      };
    case 'changes': {
      const { changes } = planned;
      const plan: StackPlan = {
        ...emptyPlan('changes', 'change-set', ''),
        change_set_type: planned.changeSetType,
        additions: changes.additions,
        modifications: changes.modifications,
        replacements: changes.replacements,
        removals: changes.removals,
        destructive_changes: changes.destructive,
      };
      return { ...plan, message: `Plan: ${planCounts(plan)}` };
    }
    case 'missing-export':
      return blockedPlan(planned, work, all);
  }
}
