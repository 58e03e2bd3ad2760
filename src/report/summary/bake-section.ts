import type { BakeRecord } from '../../model/deployment.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import type { Section } from './fit-to-limit.js';
import {
  codeCell,
  durationBetween,
  formatTime,
  tableHead,
  tableRow,
  textCell,
} from './markdown.js';
import { cutNote } from './notes.js';
import type { SectionStyle } from './section-style.js';

const OUTCOMES: Readonly<Record<BakeRecord['outcome'], string>> = {
  baking: '⏳ baking',
  passed: '✅ passed',
  alarm: '❌ an alarm went to ALARM',
  stopped: '⏹️ stopped',
};

const STATES: Readonly<Record<string, string>> = {
  OK: '✅ OK',
  ALARM: '❌ ALARM',
  INSUFFICIENT_DATA: '⚪ INSUFFICIENT_DATA',
};

/**
 * The release gate's bake (bake-time): its outcome, its window and each alarm's state as last
 * read. The brief form leaves out the environment and the time of each state.
 */
export function bakeSection(record: DeploymentRecordFile, style: SectionStyle): Section | null {
  const bake = record.deployment.bake;
  if (!bake) return null;
  const { max, brief } = style;
  const window =
    bake.outcome === 'baking'
      ? `until ${formatTime(bake.until)} UTC`
      : `${durationBetween(bake.started_at, bake.ended_at ?? bake.until)}, ${formatTime(bake.started_at)} → ${formatTime(bake.ended_at ?? bake.until)} UTC`;
  const head =
    `${brief ? '**Bake**' : '### Bake'}: ${OUTCOMES[bake.outcome]} · ${window} · ${bake.alarms.length} alarm(s) watched\n\n` +
    tableHead(
      brief
        ? ['Alarm', 'State', 'Reason']
        : ['Alarm', 'Environment', 'State', 'Since (UTC)', 'Reason'],
    );
  const items = bake.alarms.map((alarm) => {
    const state = STATES[alarm.state] ?? alarm.state;
    const name = codeCell(alarm.name, max.name);
    const reason = textCell(alarm.reason, max.message);
    return brief
      ? tableRow([name, state, reason])
      : tableRow([
          name,
          codeCell(alarm.environment, max.id),
          state,
          formatTime(alarm.since),
          reason,
        ]);
  });
  return {
    name: 'bake',
    label: 'bake alarms',
    head,
    items,
    cutNote: cutNote('bake alarms'),
    tail: '\n',
  };
}
