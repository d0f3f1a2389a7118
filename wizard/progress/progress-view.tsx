/**
 * The ink view of a run: every step with its mark, the running step's elapsed time, a bar with the time left for a
 * step that measures its progress, and the last lines of the running (or failed) step's output. Loaded only by the
 * ink reporter, lazily: importing this module loads ink and react.
 */
import { Box, Text } from 'ink';
import { useSyncExternalStore } from 'react';
import { remainingMs } from './eta-estimate.js';
import { formatDuration, progressBar, progressSummary } from './format-progress.js';
import type { StepState, StepStatus } from './progress-state.js';
import type { ProgressSnapshot, ProgressStore } from './progress-store.js';

/** Output lines shown under the running step. */
export const VIEW_TAIL_LINES = 5;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARKS: Record<Exclude<StepStatus, 'running'>, { mark: string; color: string | undefined }> = {
  pending: { mark: '·', color: undefined },
  done: { mark: '✓', color: 'green' },
  skipped: { mark: '–', color: 'yellow' },
  failed: { mark: '✗', color: 'red' },
};
const INDENT = 2;
const TAIL_INDENT = 4;

function Mark({ status, frame }: { status: StepStatus; frame: number }) {
  if (status === 'running') return <Text color="cyan">{SPINNER[frame % SPINNER.length]}</Text>;
  const { mark, color } = MARKS[status];
  return color === undefined ? <Text dimColor>{mark}</Text> : <Text color={color}>{mark}</Text>;
}

/** What follows the title: the elapsed time, and why a step was skipped or failed. */
function stepNote(step: StepState, now: number): string {
  const elapsed = step.startedAt === undefined ? undefined : formatDuration((step.finishedAt ?? now) - step.startedAt);
  const detail = step.detail === undefined ? '' : step.detail;
  switch (step.status) {
    case 'pending':
      return '';
    case 'running':
      return elapsed ?? '';
    case 'done':
      return [elapsed, detail === '' ? undefined : `(${detail})`].filter((part) => part !== undefined).join(' ');
    case 'skipped':
      return detail === '' ? 'skipped' : `skipped (${detail})`;
    case 'failed':
      return `failed${elapsed === undefined ? '' : ` after ${elapsed}`}${detail === '' ? '' : `: ${detail}`}`;
  }
}

function ProgressLine({ step, now, columns }: { step: StepState; now: number; columns: number }) {
  const progress = step.progress;
  if (step.status !== 'running' || progress === undefined || progress.total === 0) return null;
  const left = step.eta === undefined ? undefined : remainingMs(step.eta, now);
  const summary = progressSummary(progress.done, progress.total, left);
  const width = Math.max(10, Math.min(30, columns - INDENT - 3 - summary.length));
  return (
    <Box paddingLeft={INDENT}>
      <Text wrap="truncate-end">
        <Text color="cyan">{progressBar(progress.done, progress.total, width)}</Text> {summary}
      </Text>
    </Box>
  );
}

function OutputTail({ step }: { step: StepState }) {
  if ((step.status !== 'running' && step.status !== 'failed') || step.tail.length === 0) return null;
  return (
    <Box flexDirection="column" paddingLeft={TAIL_INDENT}>
      {step.tail.slice(-VIEW_TAIL_LINES).map((line, i) => (
        <Text key={i} dimColor wrap="truncate-end">
          {line === '' ? ' ' : line}
        </Text>
      ))}
    </Box>
  );
}

function StepRow({ step, now, frame, columns }: { step: StepState; now: number; frame: number; columns: number }) {
  const note = stepNote(step, now);
  return (
    <Box flexDirection="column">
      <Text wrap="truncate-end">
        <Mark status={step.status} frame={frame} /> {step.status === 'running' ? <Text bold>{step.title}</Text> : step.title}
        {note === '' ? '' : '  '}
        {note === '' ? '' : step.status === 'failed' ? <Text color="red">{note}</Text> : <Text dimColor>{note}</Text>}
      </Text>
      <ProgressLine step={step} now={now} columns={columns} />
      <OutputTail step={step} />
    </Box>
  );
}

/** The whole view, drawn from a snapshot (see `ProgressStore`). */
export function ProgressView({ state, now, columns, frame }: ProgressSnapshot) {
  return (
    <Box flexDirection="column" width={Math.max(20, columns)}>
      {state.steps.map((step) => (
        <StepRow key={step.id} step={step} now={now} frame={frame} columns={Math.max(20, columns)} />
      ))}
    </Box>
  );
}

/** The view following a store: redrawn on every change. */
export function LiveProgressView({ store }: { store: ProgressStore }) {
  const snapshot = useSyncExternalStore(store.subscribe, store.getSnapshot);
  return <ProgressView {...snapshot} />;
}
