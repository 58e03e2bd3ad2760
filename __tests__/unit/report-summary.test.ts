import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../src/model/check-result.js';
import type { DeploymentRecordFile } from '../../src/model/record.js';
import type { ResourceRecord } from '../../src/model/resource.js';
import type { StackRecord } from '../../src/model/stack.js';
import type { DeploymentStatus } from '../../src/model/transitions.js';
import { annotationsFor } from '../../src/report/summary/annotations.js';
import { fitJobSummary, renderJobSummary } from '../../src/report/summary/job-summary.js';
import {
  commentMarker,
  fitPullRequestComment,
  renderPullRequestComment,
} from '../../src/report/summary/pull-request-comment.js';

const RUN_URL = 'https://github.com/acme/infra/actions/runs/42';
const MiB = 1024 * 1024;
const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

function at(second: number): string {
  return new Date(Date.UTC(2025, 0, 31, 10, 0, 0) + second * 1000).toISOString();
}

function stack(name: string, overrides: Partial<StackRecord> = {}): StackRecord {
  return {
    id: `stack-${name}`,
    name,
    deployment_id: 'd',
    status: 'deployed',
    template_path: `/cdk.out/${name}.template.json`,
    outputs: {},
    dependencies: [],
    error_message: null,
    artifact_id: name,
    environment: 'aws://123456789012/eu-west-1',
    stack_arn: null,
    cloudformation_status: 'CREATE_COMPLETE',
    no_op: false,
    change_set_arn: 'arn:aws:cloudformation:eu-west-1:123456789012:changeSet/x/1',
    changes: 2,
    start_time: at(10),
    end_time: at(75),
    status_history: [],
    previous_state: null,
    rollback: null,
    ...overrides,
  };
}

function resource(stackName: string, logicalId: string): ResourceRecord {
  return {
    id: `r-${stackName}-${logicalId}`,
    stack_id: `stack-${stackName}`,
    resource_type: 'AWS::S3::Bucket',
    resource_id: `${stackName.toLowerCase()}-${logicalId.toLowerCase()}-1a2b3c`,
    logical_id: logicalId,
    status: 'available',
    properties: {},
    tags: {},
    stack_name: stackName,
    cloudformation_status: 'CREATE_COMPLETE',
    status_reason: null,
  };
}

const HISTORY: Record<DeploymentStatus, DeploymentStatus[]> = {
  pending: ['pending'],
  synthesizing: ['pending', 'synthesizing'],
  deploying: ['pending', 'synthesizing', 'deploying'],
  verifying: ['pending', 'synthesizing', 'deploying', 'verifying'],
  completed: ['pending', 'synthesizing', 'deploying', 'verifying', 'completed'],
  failed: ['pending', 'synthesizing', 'deploying', 'verifying', 'failed'],
  rolled_back: ['pending', 'synthesizing', 'deploying', 'verifying', 'failed', 'rolled_back'],
};

interface Shape {
  status?: DeploymentStatus;
  stacks?: StackRecord[];
  resources?: ResourceRecord[];
  checks?: CheckResult[];
  final?: boolean;
}

function record(shape: Shape = {}): DeploymentRecordFile {
  const status = shape.status ?? 'completed';
  const stacks = shape.stacks ?? [
    stack('Network', { outputs: { VpcId: 'vpc-0abc' }, no_op: true, changes: 0 }),
    stack('Api', { outputs: { Url: 'https://api.example.com/' }, dependencies: ['Network'] }),
  ];
  const failed = HISTORY[status].includes('failed');
  const final = shape.final ?? ['completed', 'failed', 'rolled_back'].includes(status);
  return {
    deployment: {
      id: '11111111-1111-4111-8111-111111111111',
      status,
      start_time: at(0),
      end_time: final ? at(125) : null,
      environment: 'staging',
      stacks_order: stacks.map((s) => s.name),
      logs: [
        { timestamp: at(1), level: 'info', message: 'Deployment synthesizing' },
        { timestamp: at(2), level: 'debug', message: 'a debug line' },
        { timestamp: at(60), level: 'warning', stack: 'Api', message: 'slow stack' },
      ],
      rollback_reason: failed ? 'Verification failed: 1 check failed' : null,
      mode: 'deploy',
      status_history: HISTORY[status].map((s, i) => ({ status: s, at: at(i * 20) })),
      checks: shape.checks ?? [
        { check: 'output-contract', stack: 'Api', passed: true, message: 'Output Url is present' },
        {
          check: 'required-tags',
          stack: 'Api',
          resource: 'Bucket',
          passed: false,
          message: 'Missing tag owner',
        },
        {
          check: 'live-resource',
          stack: 'Api',
          resource: 'Fn',
          passed: false,
          skipped: true,
          message: 'not readable',
        },
      ],
      rollback:
        status === 'rolled_back'
          ? { outcome: 'rolled_back', message: 'Every stack was put back.' }
          : null,
    },
    stacks,
    resources: shape.resources ?? [resource('Api', 'Bucket'), resource('Network', 'Vpc')],
  };
}

/** The cells of the table rows of a section, split the way GFM splits them (unescaped pipes). */
function tableRows(markdown: string, heading: string): string[][] {
  const start = markdown.indexOf(heading);
  const lines = markdown.slice(start).split('\n');
  const rows: string[][] = [];
  let inTable = false;
  for (const line of lines) {
    if (line.startsWith('|')) {
      inTable = true;
      rows.push(
        line
          .slice(1, -1)
          .split(/(?<!\\)\|/)
          .map((c) => c.trim()),
      );
    } else if (inTable) break;
  }
  return rows.slice(2);
}

describe('renderJobSummary', () => {
  it('puts the status first, then timeline, stacks, outputs, checks, resources and log', () => {
    const md = renderJobSummary(record(), { runUrl: RUN_URL });
    expect(md.startsWith('## ✅ Deployment to `staging` completed\n')).toBe(true);
    const order = [
      '### Timeline',
      '### Stacks',
      '### Outputs',
      '### Verification checks',
      '<details><summary>Resources (2)</summary>',
      '<details><summary>Log (2 entries)</summary>',
    ].map((h) => md.indexOf(h));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(md).toContain('2 stacks: 2 deployed (1 without changes)');
    expect(md).toContain('**Duration:** 2m 05s');
    expect(md).toContain(`[workflow run](${RUN_URL})`);
    expect(md).not.toContain('Trimmed');
  });

  it('shows every status change with its time', () => {
    const rows = tableRows(renderJobSummary(record()), '### Timeline');
    expect(rows).toEqual([
      ['⏸️ pending', '10:00:00', '+0s', '20s'],
      ['⏳ synthesizing', '10:00:20', '+20s', '20s'],
      ['⏳ deploying', '10:00:40', '+40s', '20s'],
      ['⏳ verifying', '10:01:00', '+1m 00s', '20s'],
      ['✅ completed', '10:01:20', '+1m 20s', '—'],
    ]);
  });

  it('has a row per stack in deployment order with status, duration, changes and no-op', () => {
    const stacks = [
      stack('Web', { status: 'failed', error_message: 'Template error | bad', changes: 1 }),
      stack('Network', { no_op: true, changes: 0, start_time: at(3), end_time: at(4) }),
      stack('Queue', {
        status: 'pending',
        start_time: null,
        end_time: null,
        changes: 0,
        change_set_arn: null,
        cloudformation_status: null,
      }),
    ];
    const r = record({ stacks, status: 'failed' });
    r.deployment.stacks_order = ['Network', 'Web'];
    const rows = tableRows(renderJobSummary(r), '### Stacks');
    expect(rows).toEqual([
      ['`Network`', '✅ deployed', '1s', '0', 'yes', '`CREATE_COMPLETE`', ''],
      ['`Web`', '❌ failed', '1m 05s', '1', 'no', '`CREATE_COMPLETE`', 'Template error \\| bad'],
      ['`Queue`', '⏸️ pending', '—', '—', 'no', '', ''],
    ]);
  });

  it('lists outputs of deployed stacks only, and every check with its result', () => {
    const r = record({
      stacks: [
        stack('Api', { outputs: { Url: 'https://api.example.com/' } }),
        stack('Old', { status: 'failed', outputs: { Url: 'https://stale.example.com/' } }),
      ],
    });
    const md = renderJobSummary(r);
    expect(tableRows(md, '### Outputs')).toEqual([
      ['`Api`', '`Url`', '`https://api.example.com/`'],
    ]);
    expect(md).toContain('1 passed, 1 failed, 1 skipped');
    expect(tableRows(md, '### Verification checks')).toEqual([
      ['❌ failed', '`required-tags`', '`Api`', '`Bucket`', 'Missing tag owner'],
      ['⚠️ skipped', '`live-resource`', '`Api`', '`Fn`', 'not readable'],
      ['✅ passed', '`output-contract`', '`Api`', '', 'Output Url is present'],
    ]);
  });

  it('shows the rollback outcome and each stack rollback action', () => {
    const r = record({
      status: 'rolled_back',
      stacks: [
        stack('Api', {
          status: 'failed',
          rollback: { action: 'delete', succeeded: true, message: 'Deleted', at: at(110) },
        }),
        stack('Db', {
          status: 'failed',
          rollback: {
            action: 'restore-template',
            succeeded: false,
            message: 'UPDATE_ROLLBACK_FAILED',
            at: at(115),
          },
        }),
        stack('Network'),
      ],
    });
    const md = renderJobSummary(r);
    expect(md.startsWith('## ↩️ Deployment to `staging` rolled back\n')).toBe(true);
    expect(md).toContain('**Reason:** Verification failed: 1 check failed');
    expect(md).toContain('**Outcome:** ↩️ rolled back — Every stack was put back.');
    expect(tableRows(md, '### Rollback')).toEqual([
      ['`Api`', 'delete the new stack (`delete`)', '✅ succeeded', '10:01:50', 'Deleted'],
      [
        '`Db`',
        'restore the previous template (`restore-template`)',
        '❌ failed',
        '10:01:55',
        'UPDATE\\_ROLLBACK\\_FAILED',
      ],
    ]);
  });

  it('says the run is still going while it is', () => {
    const md = renderJobSummary(record({ status: 'deploying' }));
    expect(md.startsWith('## ⏳ Deployment to `staging`: deploying…\n')).toBe(true);
    expect(md).toContain('**Duration:** still running');
  });

  it('keeps the resources collapsed and leaves debug lines out of the log', () => {
    const md = renderJobSummary(record());
    expect(md).toMatch(
      /<details><summary>Resources \(2\)<\/summary>\n\n\| Stack \|[^]*<\/details>/,
    );
    expect(md).toContain('10:01:00 WARNING [Api] slow stack');
    expect(md).not.toContain('a debug line');
  });

  it('escapes what comes from outside: pipes, HTML, mentions, backticks', () => {
    const r = record({
      stacks: [
        stack('Api', {
          status: 'failed',
          error_message: '<script>alert(1)</script> | ping @acme/admins\nsecond line',
          outputs: {},
        }),
        stack('Odd`Name', { outputs: { Key: 'a|b`c' } }),
      ],
    });
    const md = renderJobSummary(r);
    expect(md).not.toContain('<script>');
    expect(md).not.toMatch(/(?<![`\w])@acme/);
    const rows = tableRows(md, '### Stacks');
    expect(rows.every((row) => row.length === 7)).toBe(true);
    expect(rows[0]![6]).toBe(
      '&lt;script&gt;alert(1)&lt;/script&gt; \\| ping &#64;acme/admins<br>second line',
    );
    expect(rows[1]![0]).toBe('``Odd`Name``');
    expect(tableRows(md, '### Outputs')[0]).toEqual(['``Odd`Name``', '`Key`', '``a\\|b`c``']);
  });

  it('keeps a log line with a code fence inside its block', () => {
    const r = record();
    r.deployment.logs.push({ timestamp: at(70), level: 'error', message: 'oops ```` fence' });
    const md = renderJobSummary(r);
    expect(md).toContain('`````text\n');
  });

  it('handles a run that failed before any stack', () => {
    const r = record({ status: 'failed', stacks: [], resources: [], checks: [] });
    r.deployment.status_history = [
      { status: 'pending', at: at(0) },
      { status: 'failed', at: at(1) },
    ];
    const md = renderJobSummary(r);
    expect(md).toContain('_No stack was selected or synthesized._');
    expect(md).not.toContain('### Verification checks');
  });
});

/** A record far over every limit: 500 stacks, huge messages, 20,000 resources, many checks and logs. */
function hugeRecord(): DeploymentRecordFile {
  const huge = 'x'.repeat(200_000);
  const stacks = Array.from({ length: 500 }, (_, i) =>
    stack(`Service${String(i).padStart(3, '0')}Stack`, {
      status: i % 50 === 0 ? 'failed' : 'deployed',
      error_message: i % 50 === 0 ? `CREATE_FAILED ${huge}` : null,
      outputs: {
        Url: `https://s${i}.example.com/`,
        Arn: `arn:aws:sns:eu-west-1:1:${huge.slice(0, 2000)}`,
      },
    }),
  );
  const resources = stacks.flatMap((s) =>
    Array.from({ length: 40 }, (_, j) => resource(s.name, `Resource${j}`)),
  );
  const checks: CheckResult[] = stacks.flatMap((s, i) => [
    { check: 'output-contract', stack: s.name, passed: true, message: `ok ${huge.slice(0, 500)}` },
    ...(i % 25 === 0
      ? [
          {
            check: 'required-tags',
            stack: s.name,
            resource: 'Resource1',
            passed: false,
            message: `missing ${huge}`,
          },
        ]
      : []),
  ]);
  const r = record({ status: 'rolled_back', stacks, resources, checks });
  r.deployment.rollback_reason = `Stack failed: ${huge}`;
  r.deployment.logs = Array.from({ length: 5_000 }, (_, i) => ({
    timestamp: at(i),
    level: 'info' as const,
    message: `line ${i} ${huge.slice(0, 300)}`,
  }));
  return r;
}

describe('size limits of the job summary', () => {
  it('keeps a 500-stack run with huge messages under 1 MiB, with a visible note', () => {
    const result = fitJobSummary(hugeRecord());
    expect(bytes(result.text)).toBeLessThanOrEqual(MiB);
    expect(result.size).toBe(bytes(result.text));
    expect(result.hardCut).toBe(false);
    expect(result.text.startsWith('## ↩️ Deployment to `staging` rolled back')).toBe(true);
    expect(result.text).toContain('> ⚠️ **Trimmed to fit GitHub');
    // every stack row is there
    expect(tableRows(result.text, '### Stacks')).toHaveLength(500);
    expect(result.trimmed[0]).toMatchObject({ section: 'resources', dropped: true, total: 20_000 });
    expect(result.text).toContain(
      '**Resources:** _20,000 resources, not shown to fit the size limit._',
    );
  });

  it('trims resources first, then passed checks, then the log, and keeps failed checks', () => {
    const r = hugeRecord();
    const full = fitJobSummary(r, { limitBytes: 100 * MiB });
    expect(full.trimmed).toEqual([]);
    const sizes = (text: string, heading: string): number => {
      const start = text.indexOf(heading);
      return start < 0 ? 0 : bytes(text.slice(start));
    };
    const total = full.size;
    const resources =
      sizes(full.text, '<details><summary>Resources') - sizes(full.text, '<details><summary>Log');

    // room for everything but the resources
    const a = fitJobSummary(r, { limitBytes: total - resources + 2_000 });
    expect(a.trimmed.map((t) => t.section)).toEqual(['resources']);
    expect(a.text).toContain('<details><summary>Log');

    // less room: passed checks go next, failed ones stay, the log is still whole
    const b = fitJobSummary(r, { limitBytes: total - resources - 100_000 });
    expect(b.trimmed.map((t) => [t.section, t.label, t.dropped])).toEqual([
      ['resources', 'resources', true],
      ['checks', 'checks (passed ones)', false],
    ]);
    const checkRows = tableRows(b.text, '### Verification checks');
    expect(checkRows.filter((row) => row[0] === '❌ failed')).toHaveLength(20);
    expect(checkRows.length).toBeLessThan(520);
    expect(b.text).toContain('more checks, not shown to fit the size limit.');
    expect(b.text).toContain('<details><summary>Log (5,000 entries)');
    expect(bytes(b.text)).toBeLessThanOrEqual(total - resources - 100_000);
  });

  it('never drops the status or the stacks table; at the very end it cuts stack rows with a note', () => {
    const r = hugeRecord();
    const result = fitJobSummary(r, { limitBytes: 40_000 });
    expect(bytes(result.text)).toBeLessThanOrEqual(40_000);
    expect(result.text.startsWith('## ↩️ Deployment to `staging` rolled back')).toBe(true);
    expect(result.text).toContain('### Stacks\n\n| Stack | Status |');
    expect(result.text).toMatch(/…and [\d,]+ more stacks, not shown to fit the size limit\./);
    expect(result.trimmed.map((t) => t.section)).toEqual([
      'resources',
      'checks',
      'log',
      'outputs',
      'timeline',
      'stacks',
    ]);
    expect(result.hardCut).toBe(false);
  });

  it('counts bytes, not characters: multi-byte text stays under the byte limit', () => {
    const r = record({
      resources: Array.from({ length: 3_000 }, (_, i) => ({
        ...resource('Api', `R${i}`),
        status_reason: '🚀日本語'.repeat(100),
      })),
    });
    const result = fitJobSummary(r, { limitBytes: 200_000 });
    expect(result.text.length).toBeLessThan(200_000);
    expect(bytes(result.text)).toBeLessThanOrEqual(200_000);
    expect(result.trimmed[0]).toMatchObject({ section: 'resources', dropped: false });
  });

  it('cuts hard, as a last resort, and still stays within the limit', () => {
    const result = fitJobSummary(hugeRecord(), { limitBytes: 3_000 });
    expect(result.hardCut).toBe(true);
    expect(bytes(result.text)).toBeLessThanOrEqual(3_000);
    expect(result.text.startsWith('## ↩️')).toBe(true);
    expect(result.text.endsWith('_…cut here to fit the size limit._\n')).toBe(true);
  });
});

describe('renderPullRequestComment', () => {
  it('starts with the hidden marker, then the status and the stacks table', () => {
    const md = renderPullRequestComment(record({ status: 'rolled_back' }), {
      runUrl: RUN_URL,
      sha: 'abc1234def5678abc',
    });
    const lines = md.split('\n');
    expect(lines[0]).toBe('<!-- cdk-deploy-action:environment=staging -->');
    expect(lines[1]).toBe('### ↩️ Deployment to `staging` rolled back');
    expect(md).toContain('commit `abc1234def56`');
    expect(md).toContain('updated 2025-01-31 10:02:05 UTC');
    expect(md).toContain(
      '<sub>pending 10:00:00 → synthesizing 10:00:20 → deploying 10:00:40 → verifying 10:01:00 → failed 10:01:20 → rolled back 10:01:40</sub>',
    );
    expect(tableRows(md, '| Stack | Status')).toEqual([
      ['`Network`', '✅ deployed', '1m 05s', 'no changes'],
      ['`Api`', '✅ deployed', '1m 05s', '2'],
    ]);
    // only what needs attention among the checks
    expect(md).toContain('**Verification:** 1 passed, 1 failed, 1 skipped');
    expect(md).not.toContain('output-contract');
    expect(md).toContain(
      '<details><summary>Outputs (2, as deployed before the rollback)</summary>',
    );
  });

  it('says which phase it is in while the run goes on', () => {
    expect(renderPullRequestComment(record({ status: 'verifying' }))).toContain(
      '### ⏳ Deployment to `staging`: verifying…',
    );
  });

  it('has a marker per environment that no value can break', () => {
    expect(commentMarker('staging')).toBe('<!-- cdk-deploy-action:environment=staging -->');
    expect(commentMarker('a --> b')).toBe('<!-- cdk-deploy-action:environment=a%20--%3E%20b -->');
  });

  it('fits 500 stacks with huge messages in 65,536 characters and keeps the stacks table', () => {
    const result = fitPullRequestComment(hugeRecord(), { runUrl: RUN_URL });
    expect(result.text.length).toBeLessThanOrEqual(65_536);
    expect(result.text.startsWith(commentMarker('staging'))).toBe(true);
    expect(tableRows(result.text, '| Stack | Status')).toHaveLength(500);
    expect(result.text).toContain("> ⚠️ **Trimmed to fit GitHub's comment size limit:**");
    expect(result.trimmed[0]).toMatchObject({ section: 'outputs' });
    expect(result.text).toContain('Every check, resource and log line is in the');
  });

  it('cuts stack rows only when nothing else is left, with a note', () => {
    const stacks = Array.from({ length: 2_000 }, (_, i) =>
      stack(`A-Very-Long-Stack-Name-For-Service-Number-${i}-In-Region-eu-west-1`),
    );
    const result = fitPullRequestComment(record({ stacks, checks: [] }));
    expect(result.text.length).toBeLessThanOrEqual(65_536);
    expect(result.text).toMatch(/…and [\d,]+ more stacks \(see the job summary\), not shown/);
    expect(result.hardCut).toBe(false);
  });
});

describe('annotationsFor', () => {
  it('annotates failed stacks, failed and skipped checks and failed rollback steps', () => {
    const r = record({
      status: 'failed',
      stacks: [
        stack('Api', {
          status: 'failed',
          error_message: 'Resource Bucket failed',
          rollback: { action: 'delete', succeeded: false, message: 'DELETE_FAILED', at: at(100) },
        }),
        stack('Network', {
          rollback: { action: 'none', succeeded: true, message: 'unchanged', at: at(100) },
        }),
      ],
      checks: [
        { check: 'output-contract', stack: 'Api', passed: true, message: 'ok' },
        {
          check: 'required-tags',
          stack: 'Api',
          resource: 'Bucket',
          passed: false,
          message: 'no owner',
        },
        {
          check: 'live-resource',
          stack: 'Api',
          resource: 'Fn',
          passed: false,
          skipped: true,
          message: 'n/a',
        },
        { check: 'verify-command', passed: false, message: 'exit code 1' },
      ],
    });
    expect(annotationsFor(r)).toEqual([
      { level: 'error', title: 'Stack Api', message: 'Resource Bucket failed' },
      {
        level: 'error',
        title: 'Stack Api / Bucket',
        message: 'Check failed (required-tags): no owner',
      },
      {
        level: 'error',
        title: 'Check verify-command',
        message: 'Check failed (verify-command): exit code 1',
      },
      { level: 'error', title: 'Stack Api', message: 'Rollback (delete) failed: DELETE_FAILED' },
      { level: 'warning', title: 'Stack Api / Fn', message: 'Check skipped (live-resource): n/a' },
    ]);
  });

  it('annotates nothing for a clean run', () => {
    expect(annotationsFor(record({ checks: [] }))).toEqual([]);
  });

  it('keeps to GitHub’s 10 per level, counting the rest in a last one', () => {
    const stacks = Array.from({ length: 25 }, (_, i) =>
      stack(`S${i}`, { status: 'failed', error_message: 'x'.repeat(10_000) }),
    );
    const found = annotationsFor(record({ status: 'failed', stacks, checks: [] }));
    expect(found).toHaveLength(10);
    expect(found[9]).toEqual({
      level: 'error',
      title: '16 more errors',
      message: '16 more errors of this deployment are listed in the job summary.',
    });
    expect(found[0]!.message.length).toBeLessThanOrEqual(4_000);
  });
});

/**
 * A run whose verification failed after its three stacks deployed: the rollback deleted the two
 * stacks the run created and put the third back on its previous template.
 */
function rolledBackRecord(): DeploymentRecordFile {
  const deleted = (name: string, outputs: Record<string, string>): StackRecord =>
    stack(name, {
      outputs,
      executed: true,
      previous_state: { existed: false, status: null, captured_at: at(5) },
      rollback: {
        action: 'delete',
        succeeded: true,
        message: 'deleted the stack this run created',
        at: at(110),
      },
    });
  const r = record({
    status: 'rolled_back',
    stacks: [
      deleted('Network', { VpcId: 'vpc-0abc' }),
      deleted('Api', { Url: 'https://api.example.com/' }),
      stack('Db', {
        outputs: { TableName: 'orders-v1' },
        executed: true,
        cloudformation_status: 'UPDATE_COMPLETE',
        previous_state: { existed: true, status: 'UPDATE_COMPLETE', captured_at: at(5) },
        rollback: {
          action: 'restore-template',
          succeeded: true,
          message: 'deployed the captured template again',
          at: at(115),
        },
      }),
    ],
    resources: [resource('Api', 'Bucket'), resource('Db', 'Table')],
  });
  return r;
}

/** Stacks whose state after the run other parts of a rollback decided. */
function mixedRollbackRecord(): DeploymentRecordFile {
  return record({
    status: 'failed',
    stacks: [
      stack('Network', {
        outputs: { VpcId: 'vpc-0abc' },
        rollback: {
          action: 'none',
          succeeded: true,
          message: 'unchanged by this run: nothing to undo',
          at: at(100),
        },
      }),
      stack('Api', {
        status: 'failed',
        executed: true,
        cloudformation_status: 'UPDATE_ROLLBACK_COMPLETE',
        error_message: 'Resource Fn failed',
        rollback: {
          action: 'none',
          succeeded: true,
          message: 'CloudFormation already rolled the update back',
          at: at(105),
        },
      }),
      stack('Web', {
        outputs: { Url: 'https://web.example.com/' },
        executed: true,
        rollback: {
          action: 'delete',
          succeeded: false,
          message: 'DELETE_FAILED: bucket not empty',
          at: at(110),
        },
      }),
    ],
  });
}

describe('reports after a rollback', () => {
  it('job summary: each stack as the rollback left it, counted so', () => {
    const md = renderJobSummary(rolledBackRecord());
    expect(md).toContain('3 stacks: 2 deleted by the rollback, 1 restored');
    expect(md).not.toContain('3 deployed');
    expect(tableRows(md, '### Stacks')).toEqual([
      ['`Network`', '🗑️ deleted by the rollback', '1m 05s', '2', 'no', '—', ''],
      ['`Api`', '🗑️ deleted by the rollback', '1m 05s', '2', 'no', '—', ''],
      [
        '`Db`',
        '↩️ restored to the previous template',
        '1m 05s',
        '2',
        'no',
        '`UPDATE_COMPLETE`',
        '',
      ],
    ]);
  });

  it('job summary: outputs and resources as deployed before the rollback, none of deleted stacks', () => {
    const md = renderJobSummary(rolledBackRecord());
    expect(md).toContain('### Outputs\n\n_As deployed before the rollback;');
    expect(tableRows(md, '### Outputs')).toEqual([['`Db`', '`TableName`', '`orders-v1`']]);
    expect(md).not.toContain('vpc-0abc');
    expect(md).not.toContain('https://api.example.com/');
    expect(md).toContain(
      '<details><summary>Resources (2, as deployed before the rollback)</summary>',
    );
  });

  it('pull-request comment: the same labels and counts, no outputs of deleted stacks', () => {
    const md = renderPullRequestComment(rolledBackRecord());
    expect(md).toContain('### ↩️ Deployment to `staging` rolled back');
    expect(md).toContain('3 stacks: 2 deleted by the rollback, 1 restored');
    expect(md).not.toContain('✅ deployed');
    expect(tableRows(md, '| Stack | Status')).toEqual([
      ['`Network`', '🗑️ deleted by the rollback', '1m 05s', '2'],
      ['`Api`', '🗑️ deleted by the rollback', '1m 05s', '2'],
      ['`Db`', '↩️ restored to the previous template', '1m 05s', '2'],
    ]);
    expect(md).toContain(
      '<details><summary>Outputs (1, as deployed before the rollback)</summary>',
    );
    expect(md).toContain('`orders-v1`');
    expect(md).not.toContain('vpc-0abc');
    expect(md).not.toContain('https://api.example.com/');
  });

  it('shows a CloudFormation rollback, a failed rollback and an untouched stack', () => {
    const r = mixedRollbackRecord();
    const counts =
      '3 stacks: 1 deployed, 1 rolled back by CloudFormation, 1 with a failed rollback';
    const summary = renderJobSummary(r);
    expect(summary).toContain(counts);
    expect(tableRows(summary, '### Stacks').map((row) => row[1])).toEqual([
      '✅ deployed',
      '↩️ rolled back by CloudFormation',
      '⚠️ rollback failed',
    ]);
    // a stack whose deletion failed is still there: its outputs stay, marked
    expect(summary).toContain('_As deployed before the rollback._');
    expect(tableRows(summary, '### Outputs').map((row) => row[0])).toEqual(['`Network`', '`Web`']);
    const comment = renderPullRequestComment(r);
    expect(comment).toContain(counts);
    expect(tableRows(comment, '| Stack | Status').map((row) => row[1])).toEqual([
      '✅ deployed',
      '↩️ rolled back by CloudFormation',
      '⚠️ rollback failed',
    ]);
  });

  it('keeps the labels of a run without a rollback', () => {
    const md = renderJobSummary(record());
    expect(md).toContain('2 stacks: 2 deployed (1 without changes)');
    expect(md).not.toContain('before the rollback');
  });
});
