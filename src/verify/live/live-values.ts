/** The entries of a record whose value is not undefined. */
export function definedOnly(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

/** A tag list (`[{ Key, Value }]`) as a record. */
export function tagsFromList(
  list: readonly { Key?: string | undefined; Value?: string | undefined }[] | undefined,
): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const { Key, Value } of list ?? []) if (Key !== undefined) tags[Key] = Value ?? '';
  return tags;
}

/** A numeric attribute string (`"30"`) as a number; undefined when absent or not a number. */
export function numberOf(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

/** A boolean attribute string (`"true"`/`"false"`) as a boolean; undefined otherwise. */
export function booleanOf(value: string | undefined): boolean | undefined {
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
}

/** A JSON attribute string parsed; the string itself when it is not JSON. */
export function jsonOf(value: string | undefined): unknown {
  if (value === undefined || value === '') return undefined;
  try {
    return JSON.parse(value) as unknown;
  } catch {
    return value;
  }
}

/** The last `:`-separated part of an ARN (a topic's or queue's name). */
export function arnLastPart(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}
