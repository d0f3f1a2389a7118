import { splitLines } from '../../src/formats/text-checks.js';

/**
 * The line of each host of a host list that parsed, in the parser's order (words split on blanks), so that a
 * problem with `slaves[2]` can be shown as `slaves line 4`.
 */
export function hostLines(text: string): number[] {
  return splitLines(text).flatMap((line) => line.text.split(/[ \t]+/).filter((word) => word !== '').map(() => line.number));
}

/**
 * The line of `export NAME=` inside the managed block of a spark-env.sh that parsed; `before` is the text before
 * the block (parseSparkEnvBlock's), so the block's begin line is the line after it.
 */
export function blockVariableLine(text: string, before: string, name: string): number | undefined {
  const beginLine = before.split('\n').length;
  const assignment = new RegExp(`^[ \\t]*export[ \\t]+${name}=`);
  const lines = splitLines(text);
  for (const line of lines.slice(beginLine)) {
    if (/^[ \t]*# <<< spark-mesos-setup/.test(line.text)) return undefined;
    if (assignment.test(line.text)) return line.number;
  }
  return undefined;
}
