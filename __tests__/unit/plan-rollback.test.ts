import { describe, expect, it } from 'vitest';
import { NO_STACK_BEFORE, type StackSnapshot } from '../../src/cloudformation/stack-snapshot.js';
import { planRollback, type RollbackCandidate } from '../../src/rollback/plan-rollback.js';

const existed: StackSnapshot = {
  existed: true,
  stackId: 'arn:stack/Api/1',
  status: 'UPDATE_COMPLETE',
  templateBody: '{}',
  parameters: [],
  tags: [],
  capturedAt: '2026-01-01T00:00:00.000Z',
};
const absent: StackSnapshot = { ...NO_STACK_BEFORE, capturedAt: existed.capturedAt };

function step(candidate: Partial<RollbackCandidate>) {
  const [planned] = planRollback([
    {
      name: 'Api',
      snapshot: existed,
      executed: true,
      noOp: false,
      currentStatus: 'UPDATE_COMPLETE',
      ...candidate,
    },
  ]);
  return planned;
}

describe('planRollback', () => {
  it('deletes a stack this run created, whatever state CloudFormation left it in', () => {
    for (const status of [
      'CREATE_COMPLETE',
      'ROLLBACK_COMPLETE',
      'CREATE_FAILED',
      'REVIEW_IN_PROGRESS',
      'ROLLBACK_FAILED',
    ]) {
      expect(step({ snapshot: absent, currentStatus: status })?.action).toBe('delete');
    }
  });

  it('leaves a stack another run created when its own change set was never executed', () => {
    for (const status of ['CREATE_COMPLETE', 'CREATE_IN_PROGRESS', 'UPDATE_COMPLETE']) {
      expect(step({ snapshot: absent, executed: false, currentStatus: status })).toMatchObject({
        action: 'none',
        ok: true,
      });
    }
    // The stack its own unexecuted CREATE change set made is still this run's to delete.
    expect(
      step({ snapshot: absent, executed: false, currentStatus: 'REVIEW_IN_PROGRESS' })?.action,
    ).toBe('delete');
  });

  it('does nothing when a created stack is already gone', () => {
    expect(step({ snapshot: absent, currentStatus: null })).toMatchObject({
      action: 'none',
      ok: true,
    });
  });

  it('restores the captured template of an updated stack that deployed', () => {
    expect(step({ currentStatus: 'UPDATE_COMPLETE' })?.action).toBe('restore-template');
  });

  it('follows CloudFormation for an update it rolled back, left failed or paused', () => {
    expect(step({ currentStatus: 'UPDATE_ROLLBACK_COMPLETE' })).toMatchObject({
      action: 'none',
      ok: true,
    });
    expect(step({ currentStatus: 'UPDATE_ROLLBACK_FAILED' })?.action).toBe(
      'continue-update-rollback',
    );
    expect(step({ currentStatus: 'UPDATE_FAILED' })?.action).toBe('rollback-stack');
  });

  it('leaves no-op stacks, unexecuted change sets and unstarted stacks alone', () => {
    expect(step({ noOp: true })).toMatchObject({ action: 'none', ok: true });
    expect(step({ executed: false })).toMatchObject({ action: 'none', ok: true });
    expect(step({ snapshot: null })).toMatchObject({
      action: 'none',
      ok: true,
      reason: 'not started by this run',
    });
  });

  it('reports a stack it cannot put back as needing a hand', () => {
    expect(step({ currentStatus: null })).toMatchObject({ action: 'none', ok: false });
    expect(step({ currentStatus: 'DELETE_FAILED' })).toMatchObject({ action: 'none', ok: false });
  });

  it('keeps the order it is given (reverse dependency order is the caller’s)', () => {
    const plan = planRollback([
      {
        name: 'C',
        snapshot: absent,
        executed: true,
        noOp: false,
        currentStatus: 'CREATE_COMPLETE',
      },
      {
        name: 'B',
        snapshot: existed,
        executed: true,
        noOp: false,
        currentStatus: 'UPDATE_COMPLETE',
      },
    ]);
    expect(plan.map((p) => p.stack)).toEqual(['C', 'B']);
  });
});
