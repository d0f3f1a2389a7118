import { DEFAULT_MESOS_VERSION, DEFAULT_PREFIX, rolesOf } from '../../src/model/cluster-settings.js';
import { findProfile } from '../../src/mesos/profiles.js';
import type { AnswerName } from './answer-table.js';
import type { GivenAnswers, RawAnswerValue } from './answer-sources.js';
import type { AnswerMode, KnownAnswers } from './check-answer.js';
import type { DetectedEnvironment } from './detect/detect-environment.js';
import type { DetectedInstallations } from './detect/detect-installations.js';
import { mesosReleaseUrl } from './mesos-source.js';
import { versionInSourceName } from './detect/detect-environment.js';
import type { NodeRole, WizardAnswers } from './wizard-answers.js';

/** A default for one answer. */
export interface AnswerDefault {
  readonly value: RawAnswerValue;
  /**
   * False for a guess among several (a JDK, an address of a host with several): offered in a prompt, never used
   * without one. True for a documented default or this node's current setting.
   */
  readonly certain: boolean;
  /** `current` (reconfigure: this node's setting) or `default`. */
  readonly from: 'current' | 'default';
}

/** What a default may depend on. */
export interface DefaultContext {
  readonly mode: AnswerMode;
  readonly detected: DetectedEnvironment;
  readonly known: Readonly<KnownAnswers>;
  readonly given: GivenAnswers;
  /** reconfigure: this node's current answers. */
  readonly current: Partial<WizardAnswers> | undefined;
}

/** The loopback address a host without any other address advertises (a one-machine cluster). */
export const LOOPBACK_ADVERTISE = '127.0.0.1';

/** The default of an answer from the current setting, what was detected and the answers before it; undefined when there is none. */
export function defaultFor(name: AnswerName, ctx: DefaultContext): AnswerDefault | undefined {
  const current = ctx.current?.[name];
  if (current !== undefined) return { value: current, certain: true, from: 'current' };
  const value = computedDefault(name, ctx);
  if (value === undefined) return undefined;
  return { value: value.value, certain: value.certain, from: 'default' };
}

function computedDefault(name: AnswerName, ctx: DefaultContext): { value: RawAnswerValue; certain: boolean } | undefined {
  const { detected, known } = ctx;
  const sure = (value: RawAnswerValue | undefined) => (value === undefined ? undefined : { value, certain: true });
  const guess = (value: RawAnswerValue | undefined) => (value === undefined ? undefined : { value, certain: false });
  switch (name) {
    case 'prefix':
      return sure(DEFAULT_PREFIX);
    case 'javaHome':
      return guess(detected.jdks.preferred);
    case 'sparkHome':
      return guess(detected.sparks.preferred);
    case 'scalaHome':
      return guess(detected.scalas.preferred);
    case 'mesosSource':
      return sure(defaultMesosSource(ctx));
    case 'mesosVersion': {
      const named = known.mesosSource === undefined ? undefined : versionInSourceName(known.mesosSource);
      return sure(named !== undefined && findProfile(named) !== undefined ? named : DEFAULT_MESOS_VERSION);
    }
    case 'mesosSha256':
      return undefined;
    case 'hostname':
      return sure(detected.hostname);
    // A host name given wrong is reported as such; the lists still get this host's system name as their default.
    case 'master':
      return ctx.mode === 'join' ? undefined : sure(known.hostname ?? detected.hostname);
    case 'slaves':
      return sure([known.hostname ?? detected.hostname]);
    case 'advertise': {
      const [first, second] = detected.addresses;
      if (first === undefined) return sure(LOOPBACK_ADVERTISE);
      return second === undefined ? sure(first) : guess(first);
    }
    case 'role':
      return sure(defaultRole(ctx));
  }
}

/** A local tarball of the wanted version (or any, when no version was given), else the release from the Apache archive. */
function defaultMesosSource(ctx: DefaultContext): string | undefined {
  const given = ctx.given.mesosVersion?.value;
  const version = ctx.known.mesosVersion ?? (typeof given === 'string' ? given : undefined);
  const tarball = ctx.detected.mesosTarballs.find((path) => version === undefined || versionInSourceName(path) === version);
  return tarball ?? mesosReleaseUrl(version ?? DEFAULT_MESOS_VERSION);
}

/** The role the lists give this node (create, reconfigure), or slave for a node joining (unless it is the cluster's master). */
export function defaultRole(ctx: Pick<DefaultContext, 'known' | 'mode'>): NodeRole {
  const { master, slaves, hostname, advertise } = ctx.known;
  if (master === undefined || hostname === undefined) return ctx.mode === 'join' ? 'slave' : 'both';
  const roles = rolesOf({ masters: [master], slaves: slaves ?? [] }, { hostname, advertise: advertise ?? hostname });
  if (ctx.mode === 'join') return roles.master ? (roles.slave ? 'both' : 'master') : 'slave';
  if (roles.master && roles.slave) return 'both';
  return roles.master ? 'master' : roles.slave ? 'slave' : 'both';
}

/** A line on what was found, for a missing answer's message: `found: /usr/lib/jvm/x (17.0.15)`, or why nothing was. */
export function foundNote<Facts extends { readonly version: string | undefined }>(found: DetectedInstallations<Facts>, what: string): string {
  if (found.candidates.length > 0) {
    const shown = found.candidates.slice(0, 3).map((c) => (c.facts.version === undefined ? c.home : `${c.home} (${c.facts.version})`));
    return `found here: ${shown.join(', ')}${found.candidates.length > 3 ? ', ...' : ''}`;
  }
  const rejected = found.rejected[0];
  const reason = rejected?.problems[0]?.expected;
  return rejected === undefined || reason === undefined ? `no ${what} found here` : `no ${what} found here (${rejected.path} is not one: expected ${reason})`;
}
