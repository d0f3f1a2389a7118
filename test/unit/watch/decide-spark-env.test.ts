import { describe, expect, test } from '@jest/globals';
import { decideHandEdit } from '../../../daemon/watch/index.js';
import { CURRENT, context, renderings, USER_PART } from './cluster-fixture.js';

const DERIVED = 'is derived by mesosd (from prefix, scalaHome and the Spark version)';
const INSTEAD = '(change what it follows with `mesosd config set`)';
const LIBRARY = '/usr/local/lib/libmesos.so';

/** spark-env.sh as mesosd writes it (lines 4-8 are the block: begin, two library variables, SPARK_MEM, end). */
const written = renderings().sparkEnv;
const edited = (from: string, to: string): string => {
  expect(written).toContain(from);
  return written.replace(from, to);
};

describe('decideHandEdit: spark-env.sh', () => {
  test('the file as mesosd writes it is the same settings, and so is any edit outside the managed block', () => {
    expect(decideHandEdit('sparkEnv', written, context())).toEqual({ kind: 'same' });
    expect(decideHandEdit('sparkEnv', edited(USER_PART, '# all mine\nexport SPARK_WORKER_CORES=8\n'), context())).toEqual({ kind: 'same' });
    expect(decideHandEdit('sparkEnv', `${written}export SPARK_LOCAL_IP=10.0.0.1\n`, context())).toEqual({ kind: 'same' });
  });

  test('a changed, an added and a removed variable of the block are edits of sparkEnv, without the derived ones', () => {
    expect(decideHandEdit('sparkEnv', edited('SPARK_MEM=2g', "SPARK_MEM='4g'"), context())).toEqual({
      kind: 'edit',
      settings: { ...CURRENT, sparkEnv: { SPARK_MEM: '4g' } },
      summary: 'spark-env.sh: changed SPARK_MEM="4g" (was "2g")',
    });
    expect(decideHandEdit('sparkEnv', edited('export SPARK_MEM=2g\n', "export SPARK_MEM=2g\nexport SPARK_JAVA_OPTS='-Dx=1 -Dy=2'\n"), context()))
      .toEqual({
        kind: 'edit',
        settings: { ...CURRENT, sparkEnv: { SPARK_MEM: '2g', SPARK_JAVA_OPTS: '-Dx=1 -Dy=2' } },
        summary: 'spark-env.sh: added SPARK_JAVA_OPTS="-Dx=1 -Dy=2"',
      });
    expect(decideHandEdit('sparkEnv', edited('export SPARK_MEM=2g\n', ''), context())).toEqual({
      kind: 'edit',
      settings: { ...CURRENT, sparkEnv: {} },
      summary: 'spark-env.sh: removed SPARK_MEM',
    });
  });

  test('a derived variable changed by hand is refused, with the value it must have', () => {
    expect(decideHandEdit('sparkEnv', edited(`MESOS_NATIVE_LIBRARY=${LIBRARY}`, 'MESOS_NATIVE_LIBRARY=/opt/lib/libmesos.so'), context())).toEqual({
      kind: 'refused',
      line: 6,
      reason: `spark-env.sh line 6: MESOS_NATIVE_LIBRARY ${DERIVED} and cannot be changed by hand; it must be "${LIBRARY}" ${INSTEAD}`,
    });
  });

  test('a derived variable removed by hand is refused', () => {
    expect(decideHandEdit('sparkEnv', edited(`export MESOS_NATIVE_LIBRARY=${LIBRARY}\n`, ''), context())).toEqual({
      kind: 'refused',
      reason: `spark-env.sh: MESOS_NATIVE_LIBRARY was removed from the managed block, but it ${DERIVED}; mesosd writes it back`,
    });
  });

  test('a derived variable mesosd does not write for this cluster cannot be added by hand', () => {
    expect(decideHandEdit('sparkEnv', edited('export SPARK_MEM=2g\n', 'export SPARK_MEM=2g\nexport SCALA_HOME=/opt/scala\n'), context())).toEqual({
      kind: 'refused',
      line: 8,
      reason: `spark-env.sh line 8: SCALA_HOME ${DERIVED} and cannot be set by hand; mesosd does not write it for this cluster ${INSTEAD}`,
    });
  });

  test('the derived variables follow the Spark version: Spark 1.x has only MESOS_NATIVE_JAVA_LIBRARY', () => {
    const spark1 = renderings(CURRENT, '1.6.0').sparkEnv;
    expect(spark1).not.toContain('MESOS_NATIVE_LIBRARY=');
    expect(decideHandEdit('sparkEnv', spark1, context(CURRENT, '1.6.0'))).toEqual({ kind: 'same' });
    expect(decideHandEdit('sparkEnv', written, context(CURRENT, '1.6.0'))).toEqual({
      kind: 'refused',
      line: 6,
      reason: `spark-env.sh line 6: MESOS_NATIVE_LIBRARY ${DERIVED} and cannot be set by hand; mesosd does not write it for this cluster ${INSTEAD}`,
    });
  });

  test('SCALA_HOME follows scalaHome', () => {
    const withScala = { ...CURRENT, scalaHome: '/opt/scala-2.9.3' };
    const text = renderings(withScala).sparkEnv;
    expect(decideHandEdit('sparkEnv', text, context(withScala))).toEqual({ kind: 'same' });
    expect(decideHandEdit('sparkEnv', text.replace('/opt/scala-2.9.3', '/opt/scala-2.10'), context(withScala))).toMatchObject({
      kind: 'refused',
      line: 7,
    });
  });

  test('a line of the block that is not `export NAME=VALUE` is refused', () => {
    expect(decideHandEdit('sparkEnv', edited('export SPARK_MEM=2g\n', 'SPARK_MEM=2g\n'), context())).toEqual({
      kind: 'refused',
      line: 7,
      reason: 'spark-env.sh line 7: "SPARK_MEM=2g" is not valid; expected an `export NAME=VALUE` line (nothing else belongs in the managed block)',
    });
  });

  test('a variable set twice in the block is refused', () => {
    expect(decideHandEdit('sparkEnv', edited('export SPARK_MEM=2g\n', 'export SPARK_MEM=2g\nexport SPARK_MEM=3g\n'), context())).toEqual({
      kind: 'refused',
      line: 8,
      reason: 'spark-env.sh line 8: "SPARK_MEM" is not valid; expected each variable once in the block (SPARK_MEM is already set on line 7)',
    });
  });

  test('a value bash would expand is refused', () => {
    expect(decideHandEdit('sparkEnv', edited('SPARK_MEM=2g', 'SPARK_MEM=$(whoami)'), context())).toEqual({
      kind: 'refused',
      line: 7,
      reason: 'spark-env.sh line 7: "$(whoami)" is not valid; expected a value that is plain (letters, digits and _ . / : , @ % + = -) or in single quotes',
    });
  });

  test('a removed managed block or end marker is refused', () => {
    expect(decideHandEdit('sparkEnv', USER_PART, context())).toEqual({
      kind: 'refused',
      reason: 'spark-env.sh: the managed block ("# >>> spark-mesos-setup" … "# <<< spark-mesos-setup") was removed; mesosd writes it back',
    });
    expect(decideHandEdit('sparkEnv', edited('# <<< spark-mesos-setup <<<\n', ''), context())).toMatchObject({ kind: 'refused', line: 4 });
  });

  test('a removed file is refused: mesosd writes it back', () => {
    expect(decideHandEdit('sparkEnv', undefined, context())).toEqual({ kind: 'refused', reason: 'spark-env.sh was removed; mesosd writes it back' });
  });
});
