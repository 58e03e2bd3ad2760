/**
 * The command line of `npm run demo`: each `--<input-name> <value>` (or `--<input-name>=<value>`)
 * sets the action input of that name from action.yml; `--help` lists them with their defaults.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { repositoryRoot } from './run-action.js';

/** One input of action.yml, its default as written there (an expression stays an expression). */
export interface ActionInput {
  readonly name: string;
  readonly description: string;
  readonly default: string;
}

/** What the demo runs when no option says otherwise: the example app, environment dev. */
export const DEMO_INPUTS: Readonly<Record<string, string>> = Object.freeze({
  'working-directory': 'examples',
  environment: 'dev',
});

export type DemoCommand =
  | { readonly kind: 'help' }
  | {
      readonly kind: 'run';
      /** Only the inputs given on the command line. */
      readonly options: Record<string, string>;
      /** What the action gets: {@link DEMO_INPUTS} overridden by the options. */
      readonly inputs: Record<string, string>;
    };

/** A command line the demo cannot run; its message says what to type instead. */
export class DemoUsageError extends Error {
  override readonly name = 'DemoUsageError';
}

interface ActionManifest {
  inputs?: Record<string, { description?: string; default?: unknown }>;
}

/** A YAML scalar as the runner reads it (`default: 16` is '16'); no default is ''. */
function scalarText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** The inputs of action.yml, in its order. */
export function readActionInputs(
  manifestPath: string = join(repositoryRoot, 'action.yml'),
): ActionInput[] {
  const manifest = parse(readFileSync(manifestPath, 'utf8')) as ActionManifest;
  return Object.entries(manifest.inputs ?? {}).map(([name, input]) => ({
    name,
    description: String(input.description ?? '').trim(),
    default: scalarText(input.default),
  }));
}

function validNames(inputs: readonly ActionInput[]): string {
  return inputs.map((input) => input.name).join(', ');
}

/** Parses the demo's arguments (without `node` and the script): throws a {@link DemoUsageError}. */
export function parseDemoArguments(
  argv: readonly string[],
  inputs: readonly ActionInput[],
): DemoCommand {
  if (argv.includes('--help') || argv.includes('-h')) return { kind: 'help' };
  const known = new Set(inputs.map((input) => input.name));
  const optionName = (arg: string): string => arg.slice(2).split('=')[0] ?? '';
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--') || arg === '--') {
      throw new DemoUsageError(
        `Unexpected argument '${arg}': every argument is an action input, as --<input-name> <value>. ` +
          `Valid input names (action.yml): ${validNames(inputs)}. See npm run demo -- --help.`,
      );
    }
    const equals = arg.indexOf('=');
    const name = optionName(arg);
    if (!known.has(name)) {
      throw new DemoUsageError(
        `Unknown option --${name}: the demo's options are the action's inputs. ` +
          `Valid input names (action.yml): ${validNames(inputs)}. See npm run demo -- --help.`,
      );
    }
    let value: string;
    if (equals !== -1) {
      value = arg.slice(equals + 1);
    } else {
      const next = argv[i + 1];
      if (next === undefined || (next.startsWith('--') && known.has(optionName(next)))) {
        throw new DemoUsageError(
          `Option --${name} needs a value: --${name} <value> (an empty one as --${name}=).`,
        );
      }
      value = next;
      i++;
    }
    if (name in options) {
      throw new DemoUsageError(
        `Option --${name} is given twice; give it once (several lines as one value, e.g. $'A=1\\nB=2').`,
      );
    }
    options[name] = value;
  }
  return { kind: 'run', options, inputs: { ...DEMO_INPUTS, ...options } };
}

/** `npm run demo -- --help`: the usage and every input with the default the demo runs it with. */
export function demoHelp(inputs: readonly ActionInput[]): string {
  const width = Math.max(...inputs.map((input) => input.name.length)) + 2;
  const lines = [
    'Usage: npm run demo -- [--<input-name> <value>]...',
    '',
    'Deploys examples/ with the committed bundle dist/index.js on a local CloudFormation emulator,',
    'as the Actions runner runs it. Each option sets the action input of that name (action.yml);',
    "the others get action.yml's defaults. In mode deploy, the app is then deployed a second time",
    'to show that unchanged stacks are skipped without a change set.',
    '',
    'Examples:',
    "  npm run demo -- --mode plan --stacks 'Demo*'",
    '  npm run demo -- --verify-command \'test -n "$CDK_OUTPUT_DEMOQUEUE_QUEUEURL"\'',
    '',
    'Inputs (default in brackets):',
  ];
  for (const input of inputs) {
    const demoDefault = DEMO_INPUTS[input.name];
    const shown =
      demoDefault !== undefined && demoDefault !== input.default
        ? `${demoDefault}, the demo's; action.yml: ${input.default || "''"}`
        : input.default || "''";
    lines.push(`  --${input.name.padEnd(width)}[${shown}]`);
  }
  lines.push('', `  ${'--help, -h'.padEnd(width + 2)}this text`);
  return lines.join('\n');
}

/** `INPUT_*` variables of the demo's own environment: the runner protocol does not pass them on. */
export function ignoredInputVariables(
  env: NodeJS.ProcessEnv,
  inputs: readonly ActionInput[],
): string[] {
  return Object.keys(env)
    .filter((key) => key.startsWith('INPUT_'))
    .sort()
    .map((key) => {
      const input = inputs.find(
        (candidate) => `INPUT_${candidate.name.replace(/ /g, '_').toUpperCase()}` === key,
      );
      return input
        ? `${key} is ignored: pass --${input.name} <value> instead.`
        : `${key} is ignored: it names no input of action.yml.`;
    });
}
