import { describe, expect, it } from 'vitest';
import {
  contended,
  isContention,
  StackContentionError,
} from '../../src/cloudformation/stack-contention.js';

const error = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('stack contention', () => {
  it.each([
    error('ValidationError', 'ChangeSet [arn:aws:cloudformation:x] does not exist'),
    error('ChangeSetNotFoundException', 'gone'),
    error(
      'ValidationError',
      'Stack [Alpha] already exists and cannot be created again with the changeSet [cs].',
    ),
    error('ValidationError', 'Stack:arn is in UPDATE_IN_PROGRESS state and can not be updated.'),
    error('InvalidChangeSetStatusException', 'ChangeSet cannot be executed in its current status'),
  ])('counts %s as another operation taking the stack', (e) => {
    expect(isContention(e)).toBe(true);
  });

  it.each([
    error('ValidationError', 'Template format error: Unresolved resource dependencies [X]'),
    error('AccessDenied', 'not authorized to perform: cloudformation:CreateChangeSet'),
    error('Throttling', 'Rate exceeded'),
  ])('leaves %s as the failure it is', (e) => {
    expect(isContention(e)).toBe(false);
  });

  it('wraps contention with the stack name and keeps the cause', async () => {
    const cause = error('ChangeSetNotFoundException', 'ChangeSet [cs] does not exist');
    const thrown = await contended('Alpha', () => Promise.reject(cause)).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(StackContentionError);
    expect((thrown as Error).message).toMatch(/^Stack Alpha was changed by another operation/);
    expect((thrown as Error).cause).toBe(cause);
    const other = error('ValidationError', 'Template format error');
    await expect(contended('Alpha', () => Promise.reject(other))).rejects.toBe(other);
  });
});
