/**
 * What a template imports, and whether an export keeps its value across an update: the facts that
 * decide whether a stack's change set can be made before its dependencies are deployed. Every
 * answer errs on the side of "not known": a wrong "known" would execute a change set computed
 * with an import's old value.
 */
import type { CloudFormationTemplate } from '../assembly/stack-artifact.js';

type Json = unknown;

const isObject = (value: Json): value is Record<string, Json> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function walk(value: Json, visit: (node: Record<string, Json>) => void): void {
  if (Array.isArray(value)) value.forEach((item) => walk(item, visit));
  else if (isObject(value)) {
    visit(value);
    Object.values(value).forEach((item) => walk(item, visit));
  }
}

/**
 * The export names the template's `Fn::ImportValue`s ask for; null when one is not a literal
 * name (computed with `Fn::Sub` or `Fn::Join`), so what it imports cannot be known in advance.
 */
export function importedExports(template: CloudFormationTemplate): string[] | null {
  const names = new Set<string>();
  let computed = false;
  walk(template, (node) => {
    if (!('Fn::ImportValue' in node)) return;
    const name = node['Fn::ImportValue'];
    if (typeof name === 'string') names.add(name);
    else computed = true;
  });
  return computed ? null : [...names];
}

/** The export names the template's outputs declare (literal names only). */
export function exportedNames(template: CloudFormationTemplate): string[] {
  return Object.values(template.Outputs ?? {}).flatMap((output) => {
    const name = (output.Export as { Name?: Json } | undefined)?.Name;
    return typeof name === 'string' ? [name] : [];
  });
}

/**
 * Parameters resolved when the change set is made, not when it executes (SSM parameter types):
 * a dependency deployed meanwhile could change what they read. The bootstrap version is not one.
 */
export function readsParametersAtChangeSet(template: CloudFormationTemplate): boolean {
  return Object.entries(template.Parameters ?? {}).some(
    ([key, parameter]) =>
      key !== 'BootstrapVersion' && (parameter.Type ?? '').startsWith('AWS::SSM::Parameter::Value'),
  );
}

function sameJson(a: Json, b: Json): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return (
      Array.isArray(a) &&
      Array.isArray(b) &&
      a.length === b.length &&
      a.every((item, i) => sameJson(item, b[i]))
    );
  }
  if (!isObject(a) || !isObject(b)) return false;
  const keys = Object.keys(a);
  return (
    keys.length === Object.keys(b).length &&
    keys.every((key) => key in b && sameJson(a[key], b[key]))
  );
}

interface References {
  readonly names: Set<string>;
  readonly conditions: Set<string>;
  readonly usesImports: boolean;
  readonly usesMappings: boolean;
}

const SUB_REFERENCE = /\$\{([^!}][^}]*)\}/g;

/** Every logical name (resource or parameter) and condition an expression refers to. */
function referencesOf(value: Json): References {
  const names = new Set<string>();
  const conditions = new Set<string>();
  let usesImports = false;
  let usesMappings = false;
  const subNames = (text: Json) => {
    if (typeof text !== 'string') return;
    for (const match of text.matchAll(SUB_REFERENCE)) {
      names.add((match[1] ?? '').split('.')[0] ?? '');
    }
  };
  walk(value, (node) => {
    if (typeof node.Ref === 'string') names.add(node.Ref);
    const getAtt = node['Fn::GetAtt'];
    if (Array.isArray(getAtt) && typeof getAtt[0] === 'string') names.add(getAtt[0]);
    if (typeof getAtt === 'string') names.add(getAtt.split('.')[0] ?? '');
    const sub = node['Fn::Sub'];
    subNames(Array.isArray(sub) ? sub[0] : sub);
    const ifCondition = (node['Fn::If'] as Json[] | undefined)?.[0];
    if (typeof ifCondition === 'string') conditions.add(ifCondition);
    if (typeof node.Condition === 'string') conditions.add(node.Condition);
    if ('Fn::ImportValue' in node) usesImports = true;
    if ('Fn::FindInMap' in node) usesMappings = true;
  });
  return { names, conditions, usesImports, usesMappings };
}

const STABLE_PSEUDO = new Set([
  'AWS::AccountId',
  'AWS::Region',
  'AWS::Partition',
  'AWS::URLSuffix',
  'AWS::StackName',
  'AWS::StackId',
  'AWS::NoValue',
]);

function outputExporting(template: CloudFormationTemplate, exportName: string) {
  return Object.values(template.Outputs ?? {}).find(
    (output) => (output.Export as { Name?: Json } | undefined)?.Name === exportName,
  );
}

/**
 * Whether the export keeps its value when the stack goes from `previous` (as deployed) to `next`:
 * the output is defined the same way in both, and everything it is computed from (resources,
 * their properties, conditions, mappings) is unchanged, so CloudFormation does not touch it. A
 * parameter or another import in the way counts as unknown, since its value may change.
 */
export function exportUnchanged(
  previous: CloudFormationTemplate,
  next: CloudFormationTemplate,
  exportName: string,
): boolean {
  const before = outputExporting(previous, exportName);
  const after = outputExporting(next, exportName);
  if (!before || !after || !sameJson(before, after)) return false;
  const seen = new Set<string>();
  const pending: Json[] = [after];
  while (pending.length > 0) {
    const refs = referencesOf(pending.pop());
    if (refs.usesImports) return false;
    if (refs.usesMappings && !sameJson(previous.Mappings, next.Mappings)) return false;
    for (const name of refs.names) {
      if (STABLE_PSEUDO.has(name) || seen.has(`r:${name}`)) continue;
      seen.add(`r:${name}`);
      const resource = next.Resources?.[name];
      if (!resource || !sameJson(resource, previous.Resources?.[name])) return false;
      pending.push(resource);
    }
    for (const condition of refs.conditions) {
      if (seen.has(`c:${condition}`)) continue;
      seen.add(`c:${condition}`);
      const conditions = (template: CloudFormationTemplate) =>
        (template.Conditions as Record<string, Json> | undefined)?.[condition];
      if (!sameJson(conditions(next), conditions(previous))) return false;
      pending.push(conditions(next));
    }
  }
  return true;
}
