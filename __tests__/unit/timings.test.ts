import { describe, expect, it } from 'vitest';
import { criticalPath, NO_TIMINGS, type TimedStack } from '../../src/model/timings.js';
import { timingsSection } from '../../src/report/summary/timings.js';
import type { DeploymentRecordFile } from '../../src/model/record.js';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 2, 10, 0, seconds)).toISOString();

function timed(
  name: string,
  dependencies: string[],
  start: number,
  end: number,
  executeMs: number,
): TimedStack {
  return {
    name,
    dependencies,
    startTime: at(start),
    endTime: at(end),
    timings: { ...NO_TIMINGS, change_set_wait_ms: 0, execute_ms: executeMs },
  };
}

describe('the critical path', () => {
  it('follows the last stack back through the dependency that finished last', () => {
    const path = criticalPath([
      timed('Top', [], 0, 4, 4000),
      timed('Left', ['Top'], 4, 8, 4000),
      timed('Right', ['Top'], 4, 10, 5000),
      timed('Bottom', ['Left', 'Right'], 10, 15, 4000),
    ]);
    expect(path).toEqual({
      stacks: ['Top', 'Right', 'Bottom'],
      elapsed_ms: 15000,
      cloudformation_ms: 13000,
      gap_ms: 2000,
    });
  });

  it('is null when no stack went through', () => {
    expect(criticalPath([])).toBeNull();
  });
});

describe('the timings section of the job summary', () => {
  it('shows each stack and the critical path, in tenths of a second', () => {
    const record = {
      deployment: {
        critical_path: {
          stacks: ['A', 'B'],
          elapsed_ms: 9400,
          cloudformation_ms: 8000,
          gap_ms: 1400,
        },
      },
      stacks: [
        {
          name: 'A',
          timings: {
            ...NO_TIMINGS,
            change_set_ms: 3060,
            change_set_wait_ms: 3100,
            execute_ms: 4000,
          },
        },
        { name: 'B', timings: null },
      ],
    } as unknown as DeploymentRecordFile;
    const section = timingsSection(record);
    expect(section?.head).toContain(
      '**Critical path:** `A` → `B`: 9.4 s, of which CloudFormation 8.0 s (1.4 s elsewhere).',
    );
    expect(section?.items).toHaveLength(1);
    expect(section?.items[0]).toContain('| 3.1 s | 3.1 s | 4.0 s | — |');
  });

  it('is left out when no stack has timings (plan, destroy)', () => {
    const record = { deployment: {}, stacks: [{ name: 'A', timings: null }] };
    expect(timingsSection(record as unknown as DeploymentRecordFile)).toBeNull();
  });
});
