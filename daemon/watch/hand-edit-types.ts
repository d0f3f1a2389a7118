import type { MesosProfile } from '../../src/mesos/profile-types.js';
import type { ClusterSettings } from '../../src/model/cluster-settings.js';

/** The files an operator may edit by hand, by what they hold. */
export type HandEditFile = 'masters' | 'slaves' | 'mesosConf' | 'sparkEnv';

/** Each file's name as the operator knows it; used as the field of every refusal (`slaves line 3`). */
export const HAND_EDIT_FILE_NAMES: Readonly<Record<HandEditFile, string>> = {
  masters: 'masters',
  slaves: 'slaves',
  mesosConf: 'mesos.conf',
  sparkEnv: 'spark-env.sh',
};

/** What a hand edit is judged against. */
export interface HandEditContext {
  /** The settings mesosd runs now. */
  readonly current: ClusterSettings;
  /** The profile of `current.mesosVersion`: flag-only mesos.conf keys and derived spark-env.sh variables. */
  readonly profile: MesosProfile;
  /**
   * The Spark version the managed block of spark-env.sh is written for; undefined when unknown (then the profile
   * derives both library variables). It decides which derived variables the block must hold.
   */
  readonly sparkVersion?: string | undefined;
}

/** Why a hand edit was not taken. */
export interface HandEditRefusalReason {
  readonly kind: 'refused';
  /** One line naming the file (and line, when there is one) and what is wrong, e.g. `slaves line 3: …`. */
  readonly reason: string;
  /** The 1-based line the reason is about, when it is about one. */
  readonly line?: number;
}

/** What a changed file means. */
export type HandEditDecision =
  /** The file says what the settings already say (its rendering, or an edit that changes no setting). */
  | { readonly kind: 'same' }
  /** A valid edit: the whole new settings, and what changed, for the log. */
  | { readonly kind: 'edit'; readonly settings: ClusterSettings; readonly summary: string }
  | HandEditRefusalReason;
