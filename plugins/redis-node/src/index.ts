/**
 * Node library of the Redis portal: cluster access, server-side apply with dry-run and prune,
 * diff, and wait-for-ready.
 *
 * @packageDocumentation
 */

export type {
  ApiObject,
  ApiRequest,
  ClusterAccess,
  ClusterSummary,
  KubernetesCluster,
  ObjectIdentity,
  WriteOptions,
} from './cluster/clusterAccess';
export {
  clusterAccessFromKubeconfig,
  clusterAccessFromTokens,
} from './cluster/kubeconfigAccess';
export {
  clusterAccessThroughKubernetesPlugin,
  isServerSideCluster,
} from './cluster/kubernetesPluginAccess';
export type {
  KubernetesPluginClusterAccess,
  KubernetesUserTokens,
} from './cluster/kubernetesPluginAccess';
export { INSTALL_OPERATOR_HINT } from './cluster/kubernetesErrors';
export {
  instanceFromEntity,
  isFromEntityProvider,
} from './catalog/instanceEntity';
export { applyInstance, objectRef } from './apply/applyInstance';
export {
  MEMBERS_ANNOTATION,
  ORDER_ANNOTATION,
  recordedApplySet,
} from './apply/applySet';
export type {
  ApplyInstanceOptions,
  ApplyInstanceResult,
  ObjectResult,
} from './apply/applyInstance';
export { checkNamedReferences, namedReferences } from './apply/preflight';
export type { NamedReference } from './apply/preflight';
export { diffObject } from './apply/diff';
export type { FieldChange } from './apply/diff';
export { waitForReady } from './apply/waitForReady';
export type { WaitOptions } from './apply/waitForReady';
export { assessReadiness, expectedStatefulSets } from './apply/readiness';
export type { ObservedState, ReadinessAssessment } from './apply/readiness';
export { withTimeout } from './cluster/withTimeout';
export {
  acquireOperationLock,
  operationLeaseName,
  readOperationLock,
  withOperationLock,
} from './operations/operationLock';
export type {
  AcquireOperationLockOptions,
  OperationLock,
  OperationTarget,
} from './operations/operationLock';
export {
  OPERATION_HISTORY_LIMIT,
  newOperationId,
  operationHistoryName,
  readOperationHistory,
  recordOperation,
} from './operations/operationHistory';
export type { InvolvedObject } from './operations/operationHistory';
export { previewTestFailover, testFailover } from './operations/testFailover';
export { withRedis } from './operations/liveRedis';
export type { RedisAuth, RedisTimeouts } from './operations/liveRedis';
export { scaleInstance } from './operations/scale';
export type { ScaleOptions, ScaleResult } from './operations/scale';
export { resizeInstance } from './operations/resize';
export type {
  ResizeOptions,
  ResizeRestart,
  ResizeResult,
} from './operations/resize';
export type { ClusterFailoverSummary } from './operations/clusterFailover';
export type {
  ResizeInputNames,
  ResizeRequest,
} from './operations/resizeChecks';
export type { ClusterShape, ScaleInput } from './operations/scale';
export { nextScheduledRun } from './operations/clusterChecks';
export {
  previewPasswordRotation,
  rotatePassword,
} from './operations/rotatePassword';
export type {
  PasswordRotationPreview,
  PodRestart,
  RotatePasswordOptions,
  RotatePasswordResult,
} from './operations/rotatePassword';
export type {
  TestFailoverOptions,
  TestFailoverPreview,
  TestFailoverResult,
} from './operations/testFailover';
export type {
  FailoverCheck,
  ProcessRef,
  ReplicaFigures,
} from './operations/failoverChecks';
export {
  BackupStore,
  backupStoreOf,
  backupPrefix,
  backupSlotRangesOf,
  backupStampOf,
  checkBackupObjects,
  verifyBackupObjects,
} from './operations/backupObjects';
export type {
  BackupExpectation,
  BackupLocation,
  BackupStoreOptions,
  BackupStoreSettings,
} from './operations/backupObjects';
export { BACKUP_CRONJOB_ANNOTATION, backupNow } from './operations/backupNow';
export type { BackupNowOptions, BackupNowResult } from './operations/backupNow';
export { deleteInstance } from './operations/deleteInstance';
export type {
  DeleteInstanceOptions,
  DeleteInstanceResult,
} from './operations/deleteInstance';
export { restoreInstance } from './operations/restoreInstance';
export type {
  RestoreOptions,
  RestoreResult,
  RestoredBackup,
} from './operations/restoreInstance';
export { RESTORED_FROM_ANNOTATION } from './apply/applySet';
export { RDB_VERSION_READ } from './operations/restoreChecks';
export type { ClusterLoadFigures } from './operations/restoreChecks';
export { parseRdbHeader } from './operations/rdbHeader';
export type { RdbHeader } from './operations/rdbHeader';
