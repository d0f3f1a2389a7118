import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { WizardAnswers } from '../answers/wizard-answers.js';
import type { SystemPaths } from '../system-paths.js';

function record(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** What this node was set up with (mesosd.json and the cluster settings), as defaults for `reconfigure`. */
export async function currentAnswers(paths: SystemPaths): Promise<Partial<WizardAnswers> | undefined> {
  const read = async (path: string): Promise<Record<string, unknown>> =>
    record(JSON.parse(await readFile(path, 'utf8').catch(() => 'null')));
  const config = await read(paths.mesosdConfig).catch(() => record(null));
  const node = record(config['node']);
  const cluster = await read(join(text(node['stateDir']) ?? paths.stateDir, 'cluster.json')).catch(() => record(null));
  if (Object.keys(node).length === 0 && Object.keys(cluster).length === 0) return undefined;
  const masters = Array.isArray(cluster['masters']) ? cluster['masters'].filter((h) => typeof h === 'string') : [];
  const slaves = Array.isArray(cluster['slaves']) ? cluster['slaves'].filter((h) => typeof h === 'string') : undefined;
  const entries: [keyof WizardAnswers, unknown][] = [
    ['prefix', text(cluster['prefix'])], ['javaHome', text(cluster['javaHome'])], ['scalaHome', text(cluster['scalaHome'])],
    ['sparkHome', text(cluster['sparkHome'])], ['mesosVersion', text(cluster['mesosVersion'])], ['master', masters[0]],
    ['slaves', slaves], ['hostname', text(node['hostname'])], ['advertise', text(node['advertise'])],
  ];
  return Object.fromEntries(entries.filter(([, v]) => v !== undefined)) as Partial<WizardAnswers>;
}
