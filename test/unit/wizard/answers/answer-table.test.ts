import { describe, expect, test } from '@jest/globals';
import { ANSWER_SPECS, answerSpec, answersOfScope, formatAnswersHelp } from '../../../../wizard/answers/answer-table.js';
import type { ClusterAnswerName } from '../../../../wizard/answers/answer-table.js';
import type { WizardAnswers } from '../../../../wizard/answers/wizard-answers.js';

describe('the answer table', () => {
  test('has one entry per WizardAnswers field, each with its flag, variable and file key', () => {
    const names: Record<keyof WizardAnswers, true> = {
      prefix: true, javaHome: true, scalaHome: true, sparkHome: true, mesosSource: true, mesosSha256: true,
      mesosVersion: true, master: true, slaves: true, role: true, advertise: true, hostname: true,
    };
    expect(ANSWER_SPECS.map((s) => s.name).sort()).toEqual(Object.keys(names).sort());
    expect(answerSpec('javaHome')).toMatchObject({ flag: '--java-home', env: 'SPARK_MESOS_SETUP_JAVA_HOME', fileKey: 'javaHome' });
    expect(answerSpec('mesosSha256')).toMatchObject({ flag: '--mesos-sha256', env: 'SPARK_MESOS_SETUP_MESOS_SHA256', fileKey: 'mesosSha256' });
    expect(answerSpec('slaves').list).toBe(true);
    expect(ANSWER_SPECS.filter((s) => s.list).map((s) => s.name)).toEqual(['slaves']);
  });

  test('the cluster-wide answers are exactly the ones a joining node takes from the cluster', () => {
    const cluster: ClusterAnswerName[] = ['prefix', 'javaHome', 'scalaHome', 'sparkHome', 'mesosVersion', 'master', 'slaves'];
    expect(answersOfScope('cluster')).toEqual(cluster);
    expect(answersOfScope('node')).toEqual(['mesosSource', 'mesosSha256', 'role', 'advertise', 'hostname']);
  });

  test('only the JDK and the Spark home must always be answered', () => {
    expect(ANSWER_SPECS.filter((s) => s.need === 'required').map((s) => s.name)).toEqual(['javaHome', 'sparkHome']);
  });

  test('the help section lists every flag with its value and default', () => {
    const help = formatAnswersHelp();
    for (const spec of ANSWER_SPECS) expect(help).toContain(`${spec.flag} ${spec.valueName}`);
    expect(help).toMatch(/--prefix DIR +where Mesos is installed .*\(default: \/usr\/local\)/);
    expect(help).toContain('--answers FILE');
  });
});
