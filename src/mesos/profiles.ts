import { ToolError } from '../errors.js';
import { mesos09Profile } from './profile-0-9.js';
import { mesos1xProfile } from './profile-1-x.js';
import type { MesosProfile } from './profile-types.js';

export type * from './profile-types.js';
export { mesos09Profile } from './profile-0-9.js';
export { mesos1xProfile } from './profile-1-x.js';

/** Every Mesos version profile, oldest first. */
export const MESOS_PROFILES: readonly MesosProfile[] = [mesos09Profile, mesos1xProfile];

/** The profile for the default Mesos version (0.9.0, the classic procedure's). */
export const DEFAULT_PROFILE: MesosProfile = mesos09Profile;

/** The supported versions, for messages: `0.9.0, 1.0.0 to 1.11.x`. */
export function supportedMesosVersions(): string {
  return MESOS_PROFILES.map((profile) => profile.covers).join(', ');
}

/** The profile for a Mesos version, or undefined when none covers it. */
export function findProfile(version: string): MesosProfile | undefined {
  return typeof version === 'string' ? MESOS_PROFILES.find((profile) => profile.matches(version)) : undefined;
}

/** The profile for a Mesos version; a ToolError (`UNSUPPORTED_MESOS_VERSION`) listing the supported ones otherwise. */
export function profileFor(version: string): MesosProfile {
  const profile = findProfile(version);
  if (profile !== undefined) return profile;
  const supported = supportedMesosVersions();
  throw new ToolError('UNSUPPORTED_MESOS_VERSION', `Mesos ${JSON.stringify(String(version).slice(0, 40))} has no version profile; supported: ${supported}`, {
    hint: `Choose a supported Mesos version (--mesos-version): ${supported}.`,
    problems: [{ field: 'mesosVersion', value: version, expected: `a supported Mesos version: ${supported}` }],
  });
}
