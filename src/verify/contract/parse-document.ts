import {
  isMap,
  isNode,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument as parseYaml,
  type Document,
  type YAMLError,
} from 'yaml';
import type { ContractProblem } from './contract-error.js';

/** A parsed contract file: its value, and where in the file each JSON pointer is. */
export interface ParsedDocument {
  readonly format: 'JSON' | 'YAML';
  readonly value: unknown;
  /** The 1-based line of the value (or of the key, for a map entry) at these pointer segments. */
  readonly lineOf: (segments: readonly string[]) => number | null;
}

export type ParseOutcome =
  | { readonly ok: true; readonly document: ParsedDocument }
  | { readonly ok: false; readonly problem: ContractProblem };

export const CONTRACT_EXAMPLE =
  "write a YAML mapping (or a JSON object) that starts with 'version: 1'";

/** JSON by content: the first character that is not white space opens an object or array. */
function looksLikeJson(text: string): boolean {
  return /^\s*[{[]/.test(text);
}

/** The line of an offset; past the end (JSON's "unexpected end"), the last line with text. */
function lineAt(text: string, offset: number): number {
  const end = Math.min(offset, text.trimEnd().length - 1);
  let line = 1;
  for (let i = 0; i < end; i++) if (text[i] === '\n') line++;
  return line;
}

/** Where a YAML node starts in the text, when it is a node. */
function start(node: unknown): number | undefined {
  return isNode(node) ? node.range?.[0] : undefined;
}

/** The YAML node's line for each pointer, walking maps by key and sequences by index. */
function locator(
  doc: Document,
  lines: LineCounter,
): (segments: readonly string[]) => number | null {
  return (segments) => {
    let node: unknown = doc.contents;
    let offset = start(node);
    for (const segment of segments) {
      if (isMap(node)) {
        const pair = node.items.find(
          (item) => isScalar(item.key) && String(item.key.value) === segment,
        );
        if (!isPair(pair)) break;
        offset = start(pair.key) ?? offset;
        node = pair.value;
      } else if (isSeq(node)) {
        const item: unknown = node.items[Number(segment)];
        if (item === undefined) break;
        offset = start(item) ?? offset;
        node = item;
      } else {
        break;
      }
    }
    return offset === undefined ? null : lines.linePos(offset).line;
  };
}

/** The parser's message without its code frame and position (the problem names the line). */
function firstLine(message: string): string {
  return (message.split('\n')[0] ?? message)
    .replace(/:$/, '')
    .replace(/ at line \d+, column \d+$/, '');
}

function jsonProblem(content: string, error: unknown): ContractProblem {
  const message = (error as Error).message.replace(/ \(line \d+ column \d+\)$/, '');
  const position = /position (\d+)/.exec(message)?.[1];
  return {
    pointer: '',
    line: position === undefined ? null : lineAt(content, Number(position)),
    message: `not valid JSON: ${message}`,
    fix: 'correct the JSON syntax there, or write the contract as YAML',
  };
}

function yamlProblem(error: YAMLError): ContractProblem {
  const line = error.linePos?.[0].line ?? null;
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return {
        pointer: '',
        line,
        message: 'a key appears twice in the same mapping',
        fix: 'keep one entry per key; merge the two entries',
      };
    case 'MULTIPLE_DOCS':
      return {
        pointer: '',
        line,
        message: 'the file holds more than one YAML document',
        fix: "keep a single document: remove the '---' separators",
      };
    default:
      return {
        pointer: '',
        line,
        message: `not valid YAML: ${firstLine(error.message)}`,
        fix: "correct the YAML syntax there; a contract is a YAML mapping (or a JSON object) that starts with 'version: 1'",
      };
  }
}

/**
 * Parses a contract's text, JSON or YAML by its content (not the file name). Text that opens like
 * JSON is parsed as JSON; if that fails it may still be a YAML flow mapping, and only when it is
 * neither is it JSON's error that is reported. Every document is also read as YAML, which keeps
 * the line of every value and rejects duplicate keys (which JSON.parse lets pass).
 */
export function parseContractText(text: string): ParseOutcome {
  const content = text.replace(/^\uFEFF/, '');
  const lines = new LineCounter();
  const doc = parseYaml(content, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const [yamlError] = doc.errors;
  let format: 'JSON' | 'YAML' = 'YAML';
  let value: unknown;
  if (looksLikeJson(content)) {
    try {
      value = JSON.parse(content);
      format = 'JSON';
    } catch (error) {
      if (yamlError) return { ok: false, problem: jsonProblem(content, error) };
    }
  }
  if (format === 'JSON') {
    // Valid JSON: of YAML's objections only a duplicate key matters (JSON.parse keeps the last).
    const duplicate = doc.errors.find((error) => error.code === 'DUPLICATE_KEY');
    if (duplicate) return { ok: false, problem: yamlProblem(duplicate) };
  } else if (yamlError) {
    return { ok: false, problem: yamlProblem(yamlError) };
  } else {
    value = doc.toJS();
  }
  return { ok: true, document: { format, value, lineOf: locator(doc, lines) } };
}

/** What the file holds, for a message when it is not a mapping. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'nothing (it is empty)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return 'a plain string';
  return `a ${typeof value}`;
}
