import type { Problem } from '../../src/errors.js';
import { parseHostList, renderHostList } from '../../src/formats/host-list.js';
import { parseMesosConf, renderMesosConf } from '../../src/formats/mesos-conf.js';
import type { ClusterSettings } from '../../src/model/cluster-settings.js';
import { validateClusterSettings } from '../../src/model/validate-settings.js';
import { hostsChange, mapChange, sameHosts, sameMap } from './edit-diff.js';
import { hostLines } from './file-lines.js';
import {
  HAND_EDIT_FILE_NAMES, type HandEditContext, type HandEditDecision, type HandEditFile,
  type HandEditRefusalReason,
} from './hand-edit-types.js';
import { refuse, refuseParseError, refuseProblem } from './refusal.js';
import { readSparkEnvEdit } from './spark-env-edit.js';

/** New settings read from a file, with where each problem of a setting is in that file. */
interface Reading {
  readonly kind: 'read';
  readonly settings: ClusterSettings;
  /** The file's line for a problem's field (`slaves[2]`, `mesosConf.quiet`), when the field is about this file. */
  readonly lineOf: (problem: Problem) => number | undefined;
  readonly changed: boolean;
  readonly summary: string;
}

const SAME: HandEditDecision = { kind: 'same' };

/**
 * Decides what the content of a hand-edited file means, given the settings mesosd runs now (pure: no I/O).
 * `text` undefined means the file was removed. The answer is `same` (it says what the settings say), an `edit`
 * with the whole new settings (validated with validateClusterSettings), or `refused` with one line naming the
 * file, the line and the reason: syntax errors, invalid or duplicate hosts, duplicate keys, `=` in mesos.conf
 * values, mesos.conf keys mesosd passes as flags, derived spark-env.sh variables changed by hand, an emptied slaves
 * file (while the cluster has slaves), a removed file or managed block.
 */
export function decideHandEdit(file: HandEditFile, text: string | undefined, context: HandEditContext): HandEditDecision {
  const name = HAND_EDIT_FILE_NAMES[file];
  if (text === undefined) return refuse(`${name} was removed; mesosd writes it back`);
  if (text === rendering(file, context.current)) return SAME;
  const reading = file === 'masters' || file === 'slaves' ? readHosts(file, text, context.current)
    : file === 'mesosConf' ? readMesosConf(text, context)
      : readSparkEnv(text, context);
  if (reading.kind === 'refused') return reading;
  if (!reading.changed) return SAME;
  const [first, ...rest] = validateClusterSettings(reading.settings);
  if (first !== undefined) {
    const line = reading.lineOf(first);
    const aboutThisFile = line !== undefined || first.field.split(/[.[]/)[0] === file;
    return refuseProblem(first, aboutThisFile ? name : undefined, line, rest.length);
  }
  return { kind: 'edit', settings: reading.settings, summary: reading.summary };
}

/** What mesosd writes to the file for `settings`, or undefined when it has no single rendering (spark-env.sh). */
function rendering(file: HandEditFile, settings: ClusterSettings): string | undefined {
  try {
    if (file === 'masters' || file === 'slaves') return renderHostList(settings[file], { file });
    if (file === 'mesosConf') return renderMesosConf(settings.mesosConf);
  } catch {
    // Settings that cannot be rendered have no rendering to compare with; the edit is judged on its own.
  }
  return undefined;
}

function readHosts(file: 'masters' | 'slaves', text: string, current: ClusterSettings): Reading | HandEditRefusalReason {
  let hosts: string[];
  try {
    hosts = parseHostList(text, { file }).hosts;
  } catch (error) {
    return refuseParseError(error, file);
  }
  if (file === 'slaves' && hosts.length === 0 && current.slaves.length > 0) {
    return refuse(
      'slaves: every slave was removed at once, which is taken for an accident (an emptied file); ' +
        'remove slaves one by one with `mesosd config remove-slave HOST`',
    );
  }
  const lines = hostLines(text);
  const index = new RegExp(`^${file}\\[(\\d+)\\]$`);
  return {
    kind: 'read',
    settings: { ...current, [file]: hosts },
    lineOf: (problem) => {
      const match = index.exec(problem.field);
      return match?.[1] === undefined ? undefined : lines[Number(match[1])];
    },
    changed: !sameHosts(current[file], hosts),
    summary: hostsChange(file, current[file], hosts),
  };
}

function readMesosConf(text: string, context: HandEditContext): Reading | HandEditRefusalReason {
  const name = HAND_EDIT_FILE_NAMES.mesosConf;
  let entries: ReturnType<typeof parseMesosConf>['entries'];
  try {
    entries = parseMesosConf(text, { file: name }).entries;
  } catch (error) {
    return refuseParseError(error, name);
  }
  const flagOnly = new Map(context.profile.flagOnlyKeys.map((entry) => [entry.key, entry.useInstead]));
  for (const entry of entries) {
    const useInstead = flagOnly.get(entry.key);
    if (useInstead === undefined) continue;
    return refuse(
      `${name} line ${entry.line}: "${entry.key}" cannot be set in ${name}: mesosd gives each Mesos process --${entry.key} ` +
        `on its command line, which wins over this file (use instead: ${useInstead})`,
      entry.line,
    );
  }
  const conf = Object.fromEntries(entries.map((entry) => [entry.key, entry.value]));
  const current = context.current;
  return {
    kind: 'read',
    settings: { ...current, mesosConf: conf },
    lineOf: (problem) => {
      const key = problem.field === 'mesosConf' ? String(problem.value) : problem.field.replace(/^mesosConf\./, '');
      return problem.field.startsWith('mesosConf') ? entries.find((entry) => entry.key === key)?.line : undefined;
    },
    changed: !sameMap(current.mesosConf, conf),
    summary: mapChange(name, current.mesosConf, conf),
  };
}

function readSparkEnv(text: string, context: HandEditContext): Reading | HandEditRefusalReason {
  const read = readSparkEnvEdit(text, context);
  if (read.kind === 'refused') return read;
  const current = context.current;
  return {
    kind: 'read',
    settings: { ...current, sparkEnv: read.vars },
    lineOf: (problem) => {
      if (!problem.field.startsWith('sparkEnv')) return undefined;
      return read.lineOf(problem.field === 'sparkEnv' ? String(problem.value) : problem.field.replace(/^sparkEnv\./, ''));
    },
    changed: !sameMap(current.sparkEnv, read.vars),
    summary: mapChange(HAND_EDIT_FILE_NAMES.sparkEnv, current.sparkEnv, read.vars),
  };
}
