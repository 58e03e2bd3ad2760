/** The verification checks: every one in the job summary, those that did not pass in the comment. */
import type { CheckResult } from '../../model/check-result.js';
import type { DeploymentRecordFile } from '../../model/record.js';
import type { Section } from './fit-to-limit.js';
import { codeCell, count, tableHead, tableRow, textCell } from './markdown.js';
import { cutNote } from './notes.js';
import { CHECK_LABELS, checkOutcome, checksByImportance, countChecks } from './record-view.js';
import { seeJobSummary, type SectionStyle } from './section-style.js';

function checkRow(check: CheckResult, style: SectionStyle): string {
  const { max } = style;
  return tableRow([
    CHECK_LABELS[checkOutcome(check)],
    codeCell(check.check, max.name),
    codeCell(check.stack, max.name),
    codeCell(check.resource, max.name),
    textCell(check.message, max.message),
  ]);
}

/** The verification checks: every one, or in the brief form those that did not pass. */
export function checksSection(record: DeploymentRecordFile, style: SectionStyle): Section | null {
  const checks = checksByImportance(record.deployment.checks);
  if (checks.length === 0) return null;
  const counts = countChecks(checks);
  const tally = `${count(counts.passed)} passed, ${count(counts.failed)} failed, ${count(counts.skipped)} skipped`;
  const table = tableHead(['Result', 'Check', 'Stack', 'Resource', 'Message']);
  if (!style.brief) {
    return {
      name: 'checks',
      label: 'checks',
      head: `### Verification checks\n\n${tally}\n\n${table}`,
      items: checks.map((check) => checkRow(check, style)),
      cutNote: cutNote('checks'),
      droppedNote: (total) =>
        `### Verification checks\n\n${tally} _(the ${count(total)} rows are not shown, to fit the size limit)_\n\n`,
      tail: '\n',
    };
  }
  const shown = checks.filter((c) => checkOutcome(c) !== 'passed');
  const summary = `**Verification:** ${tally}\n\n`;
  return {
    name: 'checks',
    label: 'failed or skipped checks',
    head: shown.length === 0 ? summary : summary + table,
    items: shown.map((check) => checkRow(check, style)),
    cutNote: cutNote(seeJobSummary('failed or skipped checks', style)),
    droppedNote: () => summary,
    tail: shown.length === 0 ? '' : '\n',
  };
}
