import { CliError } from './cli-error';

/** Parses `--name value` and `--flag` pairs; positional arguments are kept in order. */
export function parseArgs(
  args: string[],
  spec: { strings?: string[]; flags?: string[] },
): { options: Record<string, string | undefined>; flags: Set<string>; positional: string[] } {
  const strings = new Set(spec.strings ?? []);
  const flagNames = new Set(spec.flags ?? []);
  const options: Record<string, string | undefined> = {};
  const flags = new Set<string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      if (flagNames.has(name)) {
        flags.add(name);
      } else if (strings.has(name)) {
        const value = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (value === undefined) throw new CliError(`thiếu giá trị cho --${name}`, 2);
        options[name] = value;
      } else {
        throw new CliError(`tham số không hợp lệ: --${name}`, 2);
      }
    } else {
      positional.push(a);
    }
  }
  return { options, flags, positional };
}

export function requireOption(options: Record<string, string | undefined>, name: string): string {
  const v = options[name];
  if (v === undefined || v === '') throw new CliError(`thiếu tham số bắt buộc --${name}`, 2);
  return v;
}
