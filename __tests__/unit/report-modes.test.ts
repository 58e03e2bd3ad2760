import { describe, expect, it } from 'vitest';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import type { StackPlan, StackRecord } from '../../src/model/stack.js';
import { at, change, plan, stack } from '../support/record-builders.js';
import { fitJobSummary, renderJobSummary } from '../../src/report/summary/job-summary.js';
import {
  fitPullRequestComment,
  renderPullRequestComment,
} from '../../src/report/summary/pull-request-comment.js';

function record(mode: string, stacks: StackRecord[]): DeploymentRecordFile {
  return {
    deployment: {
      id: '11111111-1111-4111-8111-111111111111',
      status: 'completed',
      start_time: at(0),
      end_time: at(60),
      environment: 'staging',
      stacks_order: stacks.map((s) => s.name),
      logs: [{ timestamp: at(1), level: 'info', message: 'started' }],
      rollback_reason: null,
      mode,
      status_history: [
        { status: 'pending', at: at(0) },
        { status: 'completed', at: at(60) },
      ],
      checks: [],
      rollback: null,
    },
    stacks,
    resources: [],
  };
}

function planRecord(): DeploymentRecordFile {
  return record('plan', [
    stack('Network', { no_op: true, plan: plan({ outcome: 'no-changes', source: 'unchanged' }) }),
    stack('Data', {
      outputs: { TableName: 'orders' },
      changes: 3,
      plan: plan({
        additions: [change('NewQueue', 'AWS::SQS::Queue')],
        replacements: [change('OrdersTable', 'AWS::DynamoDB::Table', 'True')],
        modifications: [change('Fn', 'AWS::Lambda::Function', 'False')],
        destructive_changes: [
          {
            ...change('OrdersTable', 'AWS::DynamoDB::Table', 'True'),
            action: 'replace',
            reason: "the table's items",
          },
        ],
      }),
    }),
    stack('Api', {
      changes: 1,
      plan: plan({
        change_set_type: 'CREATE',
        additions: [change('Api', 'AWS::ApiGateway::RestApi')],
      }),
    }),
    stack('Edge', {
      plan: plan({ outcome: 'blocked', blocked_by: ['Api'], message: 'Needs Api deployed first' }),
    }),
  ]);
}

describe('mode plan', () => {
  it('says plan in the job summary: heading, statuses, changes with destructive flags, no outputs', () => {
    const md = renderJobSummary(planRecord());
    expect(
      md.startsWith('## ✅ Plan for `staging`: 2 stacks with changes, 1 destructive change\n'),
    ).toBe(true);
    expect(md).toContain('4 stacks: 2 with changes, 1 without changes, 1 cannot be planned yet');
    expect(md).toContain('| `Network` | ➖ no changes |');
    expect(md).toContain('| `Data` | ✅ planned |');
    expect(md).toContain('| `Edge` | ⏸️ cannot be planned |');
    expect(md).toContain('Needs Api deployed first');
    expect(md).not.toContain('deployed |');
    expect(md).toContain('### Changes');
    expect(md).toContain('#### `Data`: 1 to add, 1 to modify, 1 to replace · ⚠️ 1 destructive');
    expect(md).toContain('#### `Api`: 1 to add');
    expect(md).not.toContain('#### `Network`');
    expect(md).toContain(
      "| ⚠️ replace | `OrdersTable` | `AWS::DynamoDB::Table` | ⚠️ destructive: the table's items |",
    );
    expect(md).toContain('| add | `NewQueue` | `AWS::SQS::Queue` |');
    expect(md).toContain('| modify | `Fn` | `AWS::Lambda::Function` |');
    expect(md).not.toContain('### Outputs');
    expect(md).not.toContain('orders');
  });

  it('says plan in the pull-request comment too', () => {
    const md = renderPullRequestComment(planRecord());
    expect(md).toContain(
      '### ✅ Plan for `staging`: 2 stacks with changes, 1 destructive change\n',
    );
    expect(md).toContain('| `Data` | ✅ planned |');
    expect(md).toContain('| `Network` | ➖ no changes |');
    expect(md).toContain('**Changes**');
    expect(md).toContain('`Data`: 1 to add, 1 to modify, 1 to replace · ⚠️ 1 destructive');
    expect(md).toContain(
      "| ⚠️ replace | `OrdersTable` | `AWS::DynamoDB::Table` | ⚠️ destructive: the table's items |",
    );
    expect(md).toContain('| add | `Api` | `AWS::ApiGateway::RestApi` |');
    expect(md).not.toContain('Outputs');
  });

  it('trims change rows of a large plan with a note, before the counts, after resources and log', () => {
    const r = planRecord();
    const big = r.stacks[1] as StackRecord;
    const additions = Array.from({ length: 3_000 }, (_, i) =>
      change(`Queue${i}${'x'.repeat(100)}`, 'AWS::SQS::Queue'),
    );
    big.plan = { ...(big.plan as StackPlan), additions };
    r.resources = Array.from({ length: 100 }, (_, i) => ({
      id: `r${i}`,
      stack_id: 'stack-Data',
      resource_type: 'AWS::SQS::Queue',
      resource_id: `q${i}`,
      logical_id: `Queue${i}`,
      status: 'available' as const,
      properties: {},
      tags: {},
      stack_name: 'Data',
      cloudformation_status: 'CREATE_COMPLETE',
      status_reason: null,
    }));

    const summary = fitJobSummary(r, { limitBytes: 100_000 });
    expect(summary.size).toBeLessThanOrEqual(100_000);
    expect(summary.hardCut).toBe(false);
    expect(summary.trimmed.map((t) => t.section)).toEqual([
      'resources',
      'log',
      'timeline',
      'changes:Data',
    ]);
    expect(summary.text).toContain(
      '#### `Data`: 3,000 to add, 1 to modify, 1 to replace · ⚠️ 1 destructive',
    );
    expect(summary.text).toContain('#### `Api`: 1 to add');
    expect(summary.text).toMatch(
      /more resource changes of `Data`, not shown to fit the size limit/,
    );
    expect(summary.text).toContain('⚠️ destructive: the table');
    expect(summary.text).toContain('| add | `Api` |');

    const comment = fitPullRequestComment(r, { limit: 20_000 });
    expect(comment.size).toBeLessThanOrEqual(20_000);
    expect(comment.hardCut).toBe(false);
    expect(comment.text).toContain(
      '`Data`: 3,000 to add, 1 to modify, 1 to replace · ⚠️ 1 destructive',
    );
    expect(comment.text).toContain('`Api`: 1 to add');
    expect(comment.text).toMatch(/more resource changes of `Data`/);
    expect(comment.text).toContain('| ⚠️ replace | `OrdersTable` |');
  });
});

describe('mode destroy', () => {
  const destroy = (): DeploymentRecordFile =>
    record('destroy', [stack('Api'), stack('Old', { no_op: true })]);

  it('says destroy in the summary and the comment', () => {
    const md = renderJobSummary(destroy());
    expect(md.startsWith('## ✅ Destroy of `staging` completed\n')).toBe(true);
    expect(md).toContain('2 stacks: 2 destroyed (1 already gone)');
    expect(md).toContain('| `Api` | ✅ destroyed |');
    expect(md).toContain('| `Old` | ➖ already gone |');
    const comment = renderPullRequestComment(destroy());
    expect(comment).toContain('### ✅ Destroy of `staging` completed\n');
    expect(comment).toContain('| `Api` | ✅ destroyed |');
    expect(comment).toContain('| `Old` | ➖ already gone |');
  });

  it('says destroying while it runs', () => {
    const r = destroy();
    r.deployment.status = 'deploying';
    r.deployment.end_time = null;
    expect(renderJobSummary(r).startsWith('## ⏳ Destroy of `staging`: destroying…\n')).toBe(true);
  });

  it('counts the stacks it did not get to in the words of the mode table', () => {
    const r = record('destroy', [stack('Api'), stack('Web', { status: 'pending' })]);
    r.deployment.status = 'failed';
    expect(renderJobSummary(r)).toContain('2 stacks: 1 destroyed, 1 not deleted');
  });
});

describe('mode deploy', () => {
  it('keeps its words', () => {
    const md = renderJobSummary(record('deploy', [stack('Api', { changes: 2 })]));
    expect(md.startsWith('## ✅ Deployment to `staging` completed\n')).toBe(true);
    expect(md).toContain('| `Api` | ✅ deployed |');
    expect(md).not.toContain('### Changes');
  });
});
