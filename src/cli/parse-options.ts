import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ToolError } from '../errors.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util's parseArgs, with its errors turned into usage errors that name the command and point at --help. */
export function parseOptions<T extends Options>(
  command: string,
  args: readonly string[],
  options: T,
  allowPositionals = false,
): { values: ReturnType<typeof parseArgs<{ options: T; allowPositionals: true; strict: true }>>['values']; positionals: string[] } {
  try {
    const parsed = parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
    if (!allowPositionals && parsed.positionals.length > 0) {
      throw new ToolError('USAGE', `${command}: unexpected argument ${JSON.stringify(parsed.positionals[0])}`, {
        hint: `see \`${command} --help\``,
      });
    }
    return { values: parsed.values, positionals: parsed.positionals };
  } catch (error) {
    if (error instanceof ToolError) throw error;
    throw new ToolError('USAGE', `${command}: ${(error as Error).message}`, { hint: `see \`${command} --help\`` });
  }
}
