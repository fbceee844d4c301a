/* A tiny option parser: `--name value`, `--name=value`, flags, and positionals. Errors are UserErrors. */
import { UserError } from '../errors.ts';

export interface OptionSpec {
  [name: string]: 'string' | 'flag';
}

export interface ParsedArgs {
  options: Record<string, string | true>;
  positionals: string[];
}

export function parseArgs(command: string, argv: string[], spec: OptionSpec): ParsedArgs {
  const options: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const kind = spec[name];
    if (!kind) throw new UserError(`unknown option --${name} for '${command}' (try: minios help)`);
    if (kind === 'flag') {
      if (eq >= 0) throw new UserError(`--${name} takes no value`);
      options[name] = true;
    } else if (eq >= 0) {
      options[name] = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length) throw new UserError(`--${name} needs a value`);
      options[name] = argv[++i];
    }
  }
  return { options, positionals };
}

export function str(p: ParsedArgs, name: string): string | undefined {
  const v = p.options[name];
  return typeof v === 'string' ? v : undefined;
}

/** A positive number option, or the fallback when absent. */
export function positive(p: ParsedArgs, name: string, fallback: number, integer = false): number {
  const v = str(p, name);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    throw new UserError(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${v}'`);
  }
  return n;
}
