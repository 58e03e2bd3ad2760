/**
 * The security section a reviewer reads first: IAM statement changes, managed-policy changes and
 * security-group rule changes of every stack, each row added or removed. Trimmed only after every
 * resource-change row is gone (see reviewTrimSteps).
 */
import type { DeploymentRecordFile } from '../../../model/record.js';
import { hasSecurityChanges, type SecurityRowChange } from '../../../model/review.js';
import type { StackRecord } from '../../../model/stack.js';
import type { Section, TrimStep } from '../fit-to-limit.js';
import { codeCell, tableHead, tableRow, textCell } from '../markdown.js';
import { cutNote } from '../notes.js';
import { orderedStacks } from '../record-view.js';

export interface ReviewStyle {
  /** The comment: smaller headings. */
  readonly brief: boolean;
  readonly maxName: number;
  readonly maxCell: number;
}

const CHANGE_LABEL: Readonly<Record<SecurityRowChange, string>> = {
  added: '➕ added',
  removed: '➖ removed',
};

function reviewed(record: DeploymentRecordFile): StackRecord[] {
  return orderedStacks(record).filter((s) => s.security_changes);
}

function heading(style: ReviewStyle, title: string): string {
  return style.brief ? `**${title}**\n\n` : `### ${title}\n\n`;
}

export const SECURITY_SECTIONS = [
  'security:statements',
  'security:managed-policies',
  'security:rules',
] as const;

/** The security sections; one line when the reviewed stacks change no permission. */
export function securitySections(record: DeploymentRecordFile, style: ReviewStyle): Section[] {
  const stacks = reviewed(record);
  if (stacks.length === 0) return [];
  const title = heading(style, 'Security changes');
  if (!stacks.some((s) => hasSecurityChanges(s.security_changes))) {
    return [
      {
        name: 'security:none',
        label: 'security changes',
        head: `${title}No IAM statement, managed policy or security-group rule changes.\n\n`,
        items: [],
      },
    ];
  }
  const broadened = stacks.filter((s) => s.security_changes?.broadening).map((s) => s.name);
  const warning =
    broadened.length > 0
      ? `⚠️ **Permissions are broadened** in ${broadened.map((n) => codeCell(n, style.maxName)).join(', ')}.\n\n`
      : 'Permissions are not broadened (only narrowed or unchanged).\n\n';
  // The diff puts one action (or resource, principal) per line: one code span each.
  const cell = (value: string): string =>
    value
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => codeCell(line, style.maxCell))
      .join('<br>');
  const name = (stack: StackRecord): string => codeCell(stack.name, style.maxName);
  const statements = stacks.flatMap((stack) =>
    (stack.security_changes?.statements ?? []).map((s) =>
      tableRow([
        CHANGE_LABEL[s.change],
        name(stack),
        s.effect,
        cell(s.actions),
        cell(s.resources),
        cell(s.principals),
        textCell(s.condition, style.maxCell),
      ]),
    ),
  );
  const policies = stacks.flatMap((stack) =>
    (stack.security_changes?.managed_policies ?? []).map((p) =>
      tableRow([CHANGE_LABEL[p.change], name(stack), cell(p.identity), cell(p.managed_policy_arn)]),
    ),
  );
  const rules = stacks.flatMap((stack) =>
    (stack.security_changes?.security_group_rules ?? []).map((r) =>
      tableRow([
        CHANGE_LABEL[r.change],
        name(stack),
        r.direction,
        cell(r.group),
        cell(r.protocol),
        cell(r.peer),
      ]),
    ),
  );
  const table = (
    section: (typeof SECURITY_SECTIONS)[number],
    label: string,
    caption: string,
    headers: string[],
    items: string[],
  ): Section => ({
    name: section,
    label,
    head: `${caption}\n\n${tableHead(headers)}`,
    items,
    cutNote: cutNote(label),
    tail: '\n',
  });
  const sections = [
    statements.length > 0
      ? table(
          'security:statements',
          'IAM statement changes',
          'IAM statement changes',
          ['Change', 'Stack', 'Effect', 'Actions', 'Resources', 'Principals', 'Condition'],
          statements,
        )
      : null,
    policies.length > 0
      ? table(
          'security:managed-policies',
          'managed-policy changes',
          'IAM managed-policy changes',
          ['Change', 'Stack', 'Attached to', 'Managed policy'],
          policies,
        )
      : null,
    rules.length > 0
      ? table(
          'security:rules',
          'security-group rule changes',
          'Security-group rule changes',
          ['Change', 'Stack', 'Direction', 'Group', 'Protocol', 'Peer'],
          rules,
        )
      : null,
  ].filter((s): s is Section => s !== null);
  const [first, ...rest] = sections;
  return first ? [{ ...first, head: title + warning + first.head }, ...rest] : [];
}

/** The security rows go last, after every resource-change row and the rollback rows. */
export function securityTrimSteps(): TrimStep[] {
  return SECURITY_SECTIONS.map((section) => ({ section }));
}
