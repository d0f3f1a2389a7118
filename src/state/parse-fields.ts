import type { Problem } from '../errors.js';
import { isRecord } from '../model/validate-fields.js';
import { checkCounter, checkNodeId } from './identifiers.js';
import type { Version } from './state-types.js';

/** Problems found so far while reading untrusted JSON; every reader adds to it and carries on where it can. */
export type ProblemList = Problem[];

/**
 * An object with exactly `fields` (each required, no others), or undefined after adding the problems. Unknown fields
 * are refused: a state this version cannot fully read must not be half applied.
 */
export function exactRecord(problems: ProblemList, field: string, value: unknown,
  fields: readonly string[]): Record<string, unknown> | undefined {
  if (!isRecord(value)) {
    problems.push({ field, value, expected: `an object with ${fields.join(', ')}` });
    return undefined;
  }
  const before = problems.length;
  for (const name of Object.keys(value)) {
    if (!fields.includes(name)) problems.push({ field: `${field}.${name}`, value: value[name], expected: `no such field (known: ${fields.join(', ')})` });
  }
  for (const name of fields) {
    if (!Object.hasOwn(value, name)) problems.push({ field: `${field}.${name}`, value: undefined, expected: 'the field to be present' });
  }
  return problems.length === before ? value : undefined;
}

/** An array of at most `max` items, or undefined after adding the problem (a longer one is not looked into). */
export function boundedArray(problems: ProblemList, field: string, value: unknown, max: number): unknown[] | undefined {
  if (!Array.isArray(value)) problems.push({ field, value, expected: `a list (${max} items at most)` });
  else if (value.length > max) problems.push({ field, value: `${value.length} items`, expected: `${max} items at most` });
  else return value as unknown[];
  return undefined;
}

/** The entries of an object of at most `max` fields, or undefined after adding the problem. */
export function boundedEntries(problems: ProblemList, field: string, value: unknown, max: number): [string, unknown][] | undefined {
  if (!isRecord(value)) {
    problems.push({ field, value, expected: `an object (${max} fields at most)` });
    return undefined;
  }
  const entries = Object.entries(value);
  if (entries.length <= max) return entries;
  problems.push({ field, value: `${entries.length} fields`, expected: `${max} fields at most` });
  return undefined;
}

/** Adds a problem when `expected` says the value is wrong; true when it is right. */
export function check(problems: ProblemList, field: string, value: unknown, expected: string | undefined): boolean {
  if (expected === undefined) return true;
  problems.push({ field, value, expected });
  return false;
}

/** The `counter` and `node` of a record already known to have them, or undefined after adding the problems. */
export function readVersion(problems: ProblemList, field: string, record: Record<string, unknown>): Version | undefined {
  const counterOk = check(problems, `${field}.counter`, record['counter'], checkCounter(record['counter']));
  const nodeOk = check(problems, `${field}.node`, record['node'], checkNodeId(record['node']));
  return counterOk && nodeOk ? { counter: record['counter'] as number, node: record['node'] as string } : undefined;
}
