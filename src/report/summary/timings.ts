/**
 * Where the time went (mode deploy): per stack, the change set, the wait for it, the execute,
 * the assets, the live reads and the action's own overhead; for the run, the critical path and
 * how far the run was from what CloudFormation itself took on it. Collapsed: it is for the
 * curious, not for deciding whether the deploy worked.
 */
import type { DeploymentRecordFile } from '../../model/record.js';
import type { Section } from './fit-to-limit.js';
import { codeCell, tableHead, tableRow } from './markdown.js';
import { cutNote, droppedNote } from './notes.js';

const NAME_MAX = 80;

/** Tenths of a second: the differences worth seeing here are below a second. */
const ms = (value: number | null | undefined): string =>
  value === null || value === undefined || !Number.isFinite(value)
    ? '—'
    : `${(value / 1000).toFixed(1)} s`;

function criticalPathLine(record: DeploymentRecordFile): string {
  const path = record.deployment.critical_path;
  if (!path) return '';
  const chain = path.stacks.map((name) => `\`${name}\``).join(' → ');
  return `**Critical path:** ${chain}: ${ms(path.elapsed_ms)}, of which CloudFormation ${ms(path.cloudformation_ms)} (${ms(Math.max(0, path.gap_ms))} elsewhere).\n\n`;
}

/** The timings section; null when no stack has timings (other modes, or nothing deployed). */
export function timingsSection(record: DeploymentRecordFile): Section | null {
  const timed = record.stacks.filter((s) => s.timings);
  if (timed.length === 0) return null;
  const head = tableHead([
    'Stack',
    'Change set',
    'Waited for it',
    'Execute',
    'Assets',
    'Live reads',
    'Overhead',
  ]);
  const items = timed.map((stack) => {
    const t = stack.timings;
    return tableRow([
      codeCell(stack.name, NAME_MAX),
      ms(t?.change_set_ms),
      ms(t?.change_set_wait_ms),
      ms(t?.execute_ms),
      ms(t?.assets_ms),
      ms(t?.verify_ms),
      ms(t?.overhead_ms),
    ]);
  });
  return {
    name: 'timings',
    label: 'timing rows',
    head: `<details><summary>Where the time went</summary>\n\n${criticalPathLine(record)}${head}`,
    items,
    cutNote: cutNote('timing rows'),
    droppedNote: droppedNote('Where the time went', 'stacks'),
    tail: '\n</details>\n\n',
  };
}
