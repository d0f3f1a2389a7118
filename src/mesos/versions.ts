/** A dotted version as found in release files and jar names: `0.9.0`, `3.5.1`, `1.8.0_392`, `4.0.0-preview2`. */
export interface DottedVersion {
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** Whatever follows the numbers (`-incubating`, `_392`, `-preview2`), empty when nothing does. */
  readonly suffix: string;
}

const VERSION = /^(\d{1,6})(?:\.(\d{1,6}))?(?:\.(\d{1,6}))?([-_+~][0-9A-Za-z._+~-]{0,64})?$/;

/** Parses a dotted version; undefined for anything else (never throws, whatever the length of the input). */
export function parseVersion(text: string): DottedVersion | undefined {
  if (text.length > 100) return undefined;
  const match = VERSION.exec(text.trim());
  if (match === null) return undefined;
  return {
    major: Number(match[1]),
    minor: Number(match[2] ?? 0),
    patch: Number(match[3] ?? 0),
    suffix: match[4] ?? '',
  };
}

/** Orders two versions by their numbers only (suffixes are ignored); unparsable versions sort first. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (x === undefined || y === undefined) return (x === undefined ? 0 : 1) - (y === undefined ? 0 : 1);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

/** True when `version` parses and is at least `minimum` (`versionAtLeast('3.5.1', '3.2')`). */
export function versionAtLeast(version: string, minimum: string): boolean {
  return parseVersion(version) !== undefined && compareVersions(version, minimum) >= 0;
}
