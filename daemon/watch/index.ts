/** mesosd's watch of hand edits (DESIGN.md decision 5): the pure decision, the own-write record, the watcher. */
export { decideHandEdit } from './decide-hand-edit.js';
export {
  HAND_EDIT_FILE_NAMES, type HandEditContext, type HandEditDecision, type HandEditFile, type HandEditRefusalReason,
} from './hand-edit-types.js';
export { handEditPaths, type HandEditPaths } from './hand-edit-paths.js';
export {
  DEFAULT_DEBOUNCE_MS, startHandEditWatch, type HandEdit, type HandEditRefusal, type HandEditWatch, type HandEditWatchLog,
  type HandEditWatchOptions, type IgnoredChange, type WatchTimers,
} from './hand-edit-watch.js';
export { OwnWrites, type OwnWriteCheck } from './own-writes.js';
