import type { Problem } from '../../src/errors.js';
import { clusterSettingsWithDefaults, nodeSettingsWithDefaults, rolesOf, type ClusterSettings, type NodeSettings } from '../../src/model/cluster-settings.js';
import { validateClusterSettings, validateNodeSettings } from '../../src/model/validate-settings.js';
import { ANSWER_SPECS, type AnswerName } from './answer-table.js';
import { sourceLabel, type AnswerSource } from './answer-sources.js';
import type { AnswerMode } from './check-answer.js';
import type { WizardAnswers } from './wizard-answers.js';

/** Where each answer came from. */
export type AnswerSources = Readonly<Record<AnswerName, AnswerSource>>;

/** The cluster-wide settings the answers make (ports and extra keys at their defaults). */
export function clusterSettingsOf(answers: WizardAnswers): ClusterSettings {
  return clusterSettingsWithDefaults({
    mesosVersion: answers.mesosVersion,
    prefix: answers.prefix,
    javaHome: answers.javaHome,
    ...(answers.scalaHome === undefined ? {} : { scalaHome: answers.scalaHome }),
    sparkHome: answers.sparkHome,
    masters: [answers.master],
    slaves: answers.slaves,
  });
}

/** This node's settings the answers make (directories at their defaults). */
export function nodeSettingsOf(answers: WizardAnswers): NodeSettings {
  return nodeSettingsWithDefaults({ hostname: answers.hostname, advertise: answers.advertise });
}

/**
 * The checks that need every answer: the core's settings validation (a loopback address in a cluster with other
 * hosts, an IPv6 master for Mesos 0.9, ...) and the role against the master and slaves. Each problem names the
 * input the answer came from (`slaves[1]` of the core becomes `--slaves[1]`, `masters[0]` becomes `--master`).
 */
export function validateWholeAnswers(answers: WizardAnswers, sources: AnswerSources, mode: AnswerMode): Problem[] {
  const cluster = clusterSettingsOf(answers);
  const node = nodeSettingsOf(answers);
  const core = [...validateClusterSettings(cluster), ...validateNodeSettings(node, cluster)].map((p) => renameField(p, sources));
  const problems = [...core, ...checkRole(answers, sources, mode)];
  const seen = new Set<string>();
  return problems.filter((p) => {
    const key = `${p.field}\u0000${p.expected}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function renameField(problem: Problem, sources: AnswerSources): Problem {
  const match = /^([A-Za-z]+)(.*)$/.exec(problem.field);
  const root = match?.[1] ?? problem.field;
  const rest = match?.[2] ?? '';
  const name = root === 'masters' ? 'master' : ANSWER_SPECS.find((s) => s.name === root)?.name;
  if (name === undefined) return problem;
  return { ...problem, field: sourceLabel(name, sources[name], name === 'master' ? rest.replace(/^\[0\]/, '') : rest) };
}

/** The role against the master and the slaves: it follows them when creating; a joining node runs a slave (unless it is the master). */
export function checkRole(answers: Pick<WizardAnswers, 'master' | 'slaves' | 'hostname' | 'advertise' | 'role'>, sources: AnswerSources, mode: AnswerMode): Problem[] {
  const roles = rolesOf({ masters: [answers.master], slaves: answers.slaves }, answers);
  const self = `this node (${answers.hostname}, ${answers.advertise})`;
  if (mode === 'join') {
    if (answers.role === 'slave' || roles.master) return [];
    const expected = `slave: the cluster's master is ${answers.master}, and a joining node runs a slave`;
    return [{ field: sourceLabel('role', sources.role), value: answers.role, expected }];
  }
  if (!roles.master && !roles.slave) {
    const expected = `${self} as the master or among the slaves: a node that runs neither has nothing to set up`;
    return [{ field: sourceLabel('master', sources.master), value: answers.master, expected }];
  }
  const derived = roles.master && roles.slave ? 'both' : roles.master ? 'master' : 'slave';
  if (answers.role === derived) return [];
  const what = derived === 'both' ? 'the master and one of the slaves' : derived === 'master' ? 'the master and not a slave' : 'a slave and not the master';
  const expected = `${JSON.stringify(derived)}: ${self} is ${what}; the role follows the master and the slaves`;
  return [{ field: sourceLabel('role', sources.role), value: answers.role, expected }];
}
