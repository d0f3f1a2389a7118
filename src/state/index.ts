/**
 * The replicated cluster state (DESIGN.md, decision 3): the cluster settings as versioned keys that every mesosd
 * holds and merges, with no external service.
 *
 * - Scalar settings are last-writer-wins registers versioned by (Lamport counter, node id); a delete is a tombstone.
 * - `masters` and `slaves` are add-wins (observed-remove) sets: a remove takes away only the adds it has seen.
 * - Each node's Lamport clock is the highest counter in its state; a local operation takes that + 1.
 * - The history is replicated with the state, not kept per node: it is the newest 50 local writes of the whole
 *   cluster (each with the register it replaced), merged as a bounded union, so every node shows the same history,
 *   and a write that lost a merge is still shown (it travels as its writer's entry); see history.ts.
 * - Node ids must be unique and stable (the node's host name): a version (counter, node) names one write.
 * - Durability: see the contract in state-file.ts (save before acknowledging or spreading).
 */
export type * from './state-types.js';
export { MEMBER_LISTS, STATE_LIMITS, compareVersions, versionText } from './state-types.js';
export { REQUIRED_KEYS, checkSettingEntry, settingKind, settingValueFromText, settingsEntries } from './setting-keys.js';
export { addMember, deleteKey, emptyState, initialState, removeMember, setKey } from './operations.js';
export { applySettings, applySettingsChange, settingsOf } from './settings-of.js';
export { mergeStates, sameState, stateText, stateVersion } from './merge-states.js';
export { clockOf } from './lamport-clock.js';
export { describeHistory, type HistoryEvent } from './history.js';
export { checkNodeId } from './identifiers.js';
export { delta, digest, isEmptyState, parseDigest, type StateDigest } from './anti-entropy.js';
export { serializeState, STATE_FORMAT, type StateJson } from './state-json.js';
export { parseState } from './parse-state.js';
export { checkMergedState, mergeRemoteState } from './check-state.js';
export {
  LEGACY_CLUSTER_FILE_NAME, STATE_FILE_NAME, loadOrMigrateState, loadStateFile, saveStateFile, type LoadedState,
} from './state-file.js';
