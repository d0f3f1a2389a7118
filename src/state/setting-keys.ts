import { ToolError } from '../errors.js';
import type { ClusterPorts, ClusterSettings } from '../model/cluster-settings.js';
import { STATE_LIMITS, type SettingValue } from './state-types.js';

/** The ports as keys: `ports.master`, ... */
export const PORT_NAMES: readonly (keyof ClusterPorts)[] = ['master', 'masterWebui', 'slave', 'slaveWebui', 'mesosd'];
const TEXT_KEYS = ['mesosVersion', 'prefix', 'javaHome', 'scalaHome', 'sparkHome'] as const;
const PORT_KEYS = PORT_NAMES.map((name) => `ports.${name}`);
/** Keys every cluster has: they can be set but not deleted. */
export const REQUIRED_KEYS: readonly string[] = ['mesosVersion', 'prefix', 'javaHome', 'sparkHome', ...PORT_KEYS];
/** The maps of ClusterSettings, one key per entry: `mesosConf.<key>`, `sparkEnv.<NAME>`. */
export const MAP_PREFIXES = { mesosConf: 'mesosConf.', sparkEnv: 'sparkEnv.' } as const;
// Only the shape: the names themselves are judged by validateClusterSettings.
const MAP_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** What a key holds: text, or a port number. */
export type SettingKind = 'text' | 'port';

/** The kind of a known key, or undefined for a key that is not a setting. */
export function settingKind(key: string): SettingKind | undefined {
  if (key.length > STATE_LIMITS.keyLength) return undefined;
  if ((TEXT_KEYS as readonly string[]).includes(key)) return 'text';
  if (PORT_KEYS.includes(key)) return 'port';
  const prefix = Object.values(MAP_PREFIXES).find((p) => key.startsWith(p));
  return prefix !== undefined && MAP_NAME.test(key.slice(prefix.length)) ? 'text' : undefined;
}

const KEY_FORMS =
  `one of ${[...TEXT_KEYS, ...PORT_KEYS].join(', ')}, mesosConf.<key> or sparkEnv.<NAME> ` +
  `(${STATE_LIMITS.keyLength} characters at most)`;

/** Undefined when `value` may be stored under `key` (known key, right type, bounded length), else what was expected. */
export function checkSettingEntry(key: string, value: unknown): string | undefined {
  const kind = settingKind(key);
  if (kind === undefined) return `a setting key: ${KEY_FORMS}`;
  if (kind === 'port') return Number.isSafeInteger(value) ? undefined : 'a port number (an integer)';
  if (typeof value !== 'string') return 'text';
  return value.length <= STATE_LIMITS.valueLength ? undefined : `text of ${STATE_LIMITS.valueLength} characters at most`;
}

/** Every scalar setting of `settings` as key and value (optional ones only when present). */
export function settingsEntries(settings: ClusterSettings): Map<string, SettingValue> {
  const entries = new Map<string, SettingValue>();
  for (const key of TEXT_KEYS) {
    const value = settings[key];
    if (value !== undefined) entries.set(key, value);
  }
  for (const name of PORT_NAMES) entries.set(`ports.${name}`, settings.ports[name]);
  for (const [field, prefix] of Object.entries(MAP_PREFIXES) as [keyof typeof MAP_PREFIXES, string][]) {
    for (const [name, value] of Object.entries(settings[field])) entries.set(`${prefix}${name}`, value);
  }
  return entries;
}

/**
 * A value typed for its key from the text an operator gave (`mesosd config set ports.master 6050`): ports become
 * numbers. Throws a ToolError (`BAD_SETTING`) naming the key for an unknown key or a port that is not a number.
 */
export function settingValueFromText(key: string, text: string): SettingValue {
  const kind = settingKind(key);
  const value = kind === 'port' && /^\d{1,9}$/.test(text) ? Number(text) : text;
  const expected = checkSettingEntry(key, value);
  if (expected !== undefined) {
    throw new ToolError('BAD_SETTING', `cannot set ${key} to ${JSON.stringify(text)}: expected ${expected}`, {
      problems: [{ field: key, value: text, expected }],
      hint: '`mesosd config get` lists the settings and their values',
    });
  }
  return value;
}
