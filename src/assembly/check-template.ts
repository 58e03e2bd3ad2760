/**
 * The checks CloudFormation's ValidateTemplate makes on a template's structure, made locally so
 * that a broken template stops the run before anything is created, without an API call per
 * stack. Resource properties are left to CloudFormation, which checks them when the change set
 * is created, as it does for `cdk deploy`.
 */

const SECTIONS = new Set([
  'AWSTemplateFormatVersion',
  'Description',
  'Metadata',
  'Parameters',
  'Rules',
  'Mappings',
  'Conditions',
  'Transform',
  'Resources',
  'Outputs',
  'Hooks',
]);

const RESOURCE_TYPE =
  /^(?:[A-Za-z0-9]+::[A-Za-z0-9]+::[A-Za-z0-9]+(?:::MODULE)?|Custom::[\w.@-]+)$/;

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const keysOf = (value: unknown): Set<string> => new Set(isObject(value) ? Object.keys(value) : []);

interface Names {
  readonly resources: Set<string>;
  readonly parameters: Set<string>;
  readonly conditions: Set<string>;
}

/** `${Name}` and `${Resource.Attribute}` in a Fn::Sub string; `${!Literal}` is text. */
function subReferences(text: string): string[] {
  return [...text.matchAll(/\$\{([^!}][^}]*)\}/g)].map((m) => (m[1] as string).trim());
}

function referenceProblems(value: unknown, where: string, names: Names, found: string[]): void {
  if (Array.isArray(value)) {
    value.forEach((item, i) => referenceProblems(item, `${where}[${i}]`, names, found));
    return;
  }
  if (!isObject(value)) return;
  const ref = value.Ref;
  if (typeof ref === 'string' && !ref.startsWith('AWS::')) {
    if (!names.resources.has(ref) && !names.parameters.has(ref)) {
      found.push(`${where}: Ref to '${ref}', which is neither a parameter nor a resource`);
    }
  }
  const getAtt = value['Fn::GetAtt'];
  const target: unknown = Array.isArray(getAtt)
    ? (getAtt as unknown[])[0]
    : typeof getAtt === 'string'
      ? getAtt.split('.')[0]
      : undefined;
  if (typeof target === 'string' && !names.resources.has(target)) {
    found.push(`${where}: Fn::GetAtt of '${target}', which is not a resource`);
  }
  const sub = value['Fn::Sub'];
  const [text, variables]: unknown[] = Array.isArray(sub) ? (sub as unknown[]) : [sub];
  if (typeof text === 'string') {
    const local = keysOf(variables);
    for (const name of subReferences(text)) {
      const head = name.split('.')[0] as string;
      if (name.startsWith('AWS::') || local.has(name) || names.parameters.has(name)) continue;
      if (!names.resources.has(head)) {
        found.push(
          `${where}: Fn::Sub names '\${${name}}', which is neither a parameter nor a resource`,
        );
      }
    }
  }
  for (const [key, item] of Object.entries(value)) {
    referenceProblems(item, `${where}.${key}`, names, found);
  }
}

function resourceProblems(id: string, resource: unknown, names: Names, found: string[]): void {
  const where = `Resources.${id}`;
  if (!isObject(resource)) {
    found.push(`${where} is not an object`);
    return;
  }
  if (typeof resource.Type !== 'string') {
    found.push(`${where} has no Type`);
  } else if (!RESOURCE_TYPE.test(resource.Type)) {
    found.push(`${where}: '${resource.Type}' is not a resource type (Service::Product::Resource)`);
  }
  if (resource.Properties !== undefined && !isObject(resource.Properties)) {
    found.push(`${where}.Properties is not an object`);
  }
  const dependsOn = resource.DependsOn;
  for (const dependency of Array.isArray(dependsOn) ? dependsOn : [dependsOn]) {
    if (typeof dependency === 'string' && !names.resources.has(dependency)) {
      found.push(`${where}.DependsOn names '${dependency}', which is not a resource`);
    }
  }
  if (typeof resource.Condition === 'string' && !names.conditions.has(resource.Condition)) {
    found.push(`${where}.Condition names '${resource.Condition}', which is not a condition`);
  }
}

/** What CloudFormation would reject in the template's structure; empty when there is nothing. */
export function templateProblems(template: unknown): string[] {
  if (!isObject(template)) return ['the template is not a JSON object'];
  const found: string[] = [];
  for (const section of Object.keys(template)) {
    if (!SECTIONS.has(section)) found.push(`'${section}' is not a template section`);
  }
  const resources = template.Resources;
  if (!isObject(resources) || Object.keys(resources).length === 0) {
    found.push('the template has no Resources');
    return found;
  }
  // A transform (AWS::LanguageExtensions with Fn::ForEach, SAM, a macro) rewrites the template
  // before CloudFormation reads it: what is written here is not yet a template to check.
  if (template.Transform !== undefined) return found;
  const names: Names = {
    resources: keysOf(resources),
    parameters: keysOf(template.Parameters),
    conditions: keysOf(template.Conditions),
  };
  for (const [id, resource] of Object.entries(resources)) {
    resourceProblems(id, resource, names, found);
  }
  for (const [key, parameter] of Object.entries(
    isObject(template.Parameters) ? template.Parameters : {},
  )) {
    if (!isObject(parameter) || typeof parameter.Type !== 'string') {
      found.push(`Parameters.${key} has no Type`);
    }
  }
  for (const [key, output] of Object.entries(isObject(template.Outputs) ? template.Outputs : {})) {
    if (!isObject(output) || output.Value === undefined) found.push(`Outputs.${key} has no Value`);
  }
  referenceProblems(resources, 'Resources', names, found);
  referenceProblems(template.Outputs, 'Outputs', names, found);
  return found;
}
