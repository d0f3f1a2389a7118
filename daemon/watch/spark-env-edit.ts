import { showValue } from '../../src/errors.js';
import { parseSparkEnvBlock } from '../../src/formats/spark-env.js';
import { sparkEnvVars } from '../../src/mesos/spark-env-vars.js';
import type { HandEditContext, HandEditRefusalReason } from './hand-edit-types.js';
import { blockVariableLine } from './file-lines.js';
import { refuse, refuseParseError } from './refusal.js';

const NAME = 'spark-env.sh';
const DERIVED = 'is derived by mesosd (from prefix, scalaHome and the Spark version)';
const INSTEAD = 'change what it follows with `mesosd config set`';

/** The operator's variables of a hand-edited spark-env.sh, or why the edit is refused. */
export type SparkEnvReading =
  | { readonly kind: 'vars'; readonly vars: Record<string, string>; readonly lineOf: (name: string) => number | undefined }
  | HandEditRefusalReason;

/**
 * Reads the managed block of a hand-edited spark-env.sh into the operator's variables (the block minus the
 * profile's derived ones). The derived variables must be exactly what the profile derives for the current
 * settings: one changed, added or removed by hand is refused, since they follow prefix, scalaHome and the Spark
 * version. Text outside the block is the user's and is not looked at (beyond what parsing needs).
 */
export function readSparkEnvEdit(text: string, context: HandEditContext): SparkEnvReading {
  let parts: ReturnType<typeof parseSparkEnvBlock>;
  try {
    parts = parseSparkEnvBlock(text, { file: NAME });
  } catch (error) {
    return refuseParseError(error, NAME);
  }
  const { block, before } = parts;
  if (block === undefined) {
    return refuse(`${NAME}: the managed block ("# >>> spark-mesos-setup" … "# <<< spark-mesos-setup") was removed; mesosd writes it back`);
  }
  const lineOf = (name: string) => blockVariableLine(text, before, name);
  const expected = sparkEnvVars({ ...context.current, sparkEnv: {} }, context.profile, context.sparkVersion);
  const derived = new Set(context.profile.derivedSparkEnvKeys);
  for (const name of derived) {
    const found = block[name];
    const wanted = expected[name];
    if (found === wanted) continue;
    const line = lineOf(name);
    const at = line === undefined ? NAME : `${NAME} line ${line}`;
    if (found === undefined) {
      return refuse(`${NAME}: ${name} was removed from the managed block, but it ${DERIVED}; mesosd writes it back`);
    }
    if (wanted === undefined) {
      return refuse(`${at}: ${name} ${DERIVED} and cannot be set by hand; mesosd does not write it for this cluster (${INSTEAD})`, line);
    }
    return refuse(`${at}: ${name} ${DERIVED} and cannot be changed by hand; it must be ${showValue(wanted)} (${INSTEAD})`, line);
  }
  const vars = Object.fromEntries(Object.entries(block).filter(([name]) => !derived.has(name)));
  return { kind: 'vars', vars, lineOf };
}
