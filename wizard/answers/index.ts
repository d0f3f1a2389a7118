/**
 * The wizard's answers: the table of answers (flags, environment, file keys), the command line, the answers file,
 * what is detected on this machine, the questions, and the checks. wizard/cli.ts uses:
 * parseWizardArgs → (menu: askMode) → (join: resolveJoinTarget) → collectAnswers.
 */
export { ANSWER_SPECS, ENV_PREFIX, TOKEN_ENV, answerSpec, answersOfScope, formatAnswersHelp } from './answer-table.js';
export type { AnswerName, AnswerNeed, AnswerScope, AnswerSpec, ClusterAnswerName, ClusterAnswers } from './answer-table.js';
export { sourceLabel, splitHostList, type AnswerSource, type GivenAnswers, type RawAnswers, type RawAnswerValue } from './answer-sources.js';
export { parseWizardArgs, checkPeerAddress, splitPeerAddress, type ParsedWizardArgs, type WizardCommand } from './parse-wizard-args.js';
export { answersFromEnv, readAnswersFile, BAD_ANSWERS_FILE } from './answers-input.js';
export { collectAnswers, ANSWER_ORDER, type CollectAnswersOptions, type CollectedAnswers } from './collect-answers.js';
export { askMode, resolveJoinTarget, type JoinTargetOptions, type MenuOptions } from './ask-mode.js';
export { isInteractive, type PromptIo } from './prompt-io.js';
export { INTERRUPTED, INVALID_ANSWERS, MISSING_ANSWERS, isCiSet } from './answer-errors.js';
export { checkAnswer, type AnswerMode, type InstallationFacts } from './check-answer.js';
export { clusterSettingsOf, nodeSettingsOf, validateWholeAnswers, type AnswerSources } from './validate-answers.js';
export { checkMesosSource, mesosReleaseUrl, MESOS_0_9_0_URL, type MesosSource, type MesosSourceKind } from './mesos-source.js';
export { detectEnvironment, type DetectedEnvironment, type DetectOptions } from './detect/detect-environment.js';
export type { DetectedInstallations, DetectedJdks, DetectedScalas, DetectedSparks } from './detect/detect-installations.js';
export type { InstallationCandidate, RejectedInstallation } from './detect/installation-leads.js';
export type { NodeRole, WizardAnswers, WizardMode, WizardRunOptions } from './wizard-answers.js';
