/**
 * Pure, isomorphic engine of the Redis aws_container flavour: schema, defaults, validation,
 * manifest rendering, connection info and cost estimate.
 *
 * @packageDocumentation
 */

export {
  flavourSchema,
  instanceSchema,
  MAX_INSTANCE_NAME_LENGTH,
} from './schema/flavourSchema';
export type {
  DeploymentMode,
  FlavourConfig,
  FromSchema,
  RedisInstanceConfig,
  RedisVersion,
  ResolvedFlavour,
  ResolvedInstance,
  ResolvedRoot,
  ResourceRequirements,
  RootConfig,
  Toleration,
  TopologySpreadConstraint,
} from './schema/types';
export { applyDefaults } from './schema/defaults';
export { validateInstance } from './validate/validateInstance';
export type { Issue, ValidationResult } from './validate/validateInstance';
export { renderManifests } from './render/renderManifests';
export {
  BACKUP_UPLOAD_IMAGE,
  EXPORTER_IMAGE,
  OPERATOR_API_VERSION,
  REDIS_FIELD_MANAGER,
  REDIS_IMAGES,
  SENTINEL_MASTER_NAME,
  INSTANCE_NAMESPACE_LABEL,
  MANAGED_BY_LABEL_SELECTOR,
  authSecretRef,
  instanceLabelSelector,
  instanceLabels,
} from './render/conventions';
export type { KubernetesObject, SecretReference } from './render/conventions';
export {
  MANIFEST_FORMATS,
  formatManifest,
  formatManifestStream,
  manifestFileName,
} from './render/manifestFiles';
export type { ManifestFormat } from './render/manifestFiles';
export {
  DUMP_SCRIPT,
  RETENTION_FAILED_EXIT_CODE,
  UPLOAD_SCRIPT,
} from './render/backupScripts';
export { liveTopology, redisTopology, topologyMode } from './topology';
export type {
  PodGroup,
  PodRole,
  RedisTopology,
  TopologyKinds,
} from './topology';
export { escapePointerSegment, parsePointer } from './jsonPointer';
export { withPortalAccess } from './portalAccess';
export type { PortalAccess } from './portalAccess';
export { connectionInfo } from './connection';
export type {
  ClientLanguage,
  ConnectionInfo,
  ExternalEndpoint,
} from './connection';
export {
  estimateMonthlyCost,
  loadBalancerServices,
  HOURS_PER_MONTH,
  NODE_PACKING_EFFICIENCY,
  PRICE_LOAD_BALANCER_MONTH,
  PRICE_PER_GIB_EBS_MONTH,
  PRICE_PER_GIB_MEMORY_MONTH,
  PRICE_PER_GIB_S3_MONTH,
  PRICE_PER_VCPU_MONTH,
} from './cost';
export type { CostEstimate, CostItem } from './cost';
export {
  MEMORY_LIMIT_PER_DATASET,
  instanceMaxmemory,
  parseRedisMemory,
} from './maxmemory';
export type { Maxmemory } from './maxmemory';
export { canonicalQuantity, parseQuantity } from './quantity';
export * from './status';
export * from './permissions';
export {
  REDIS_CLUSTER_ANNOTATION,
  REDIS_INSTANCE_ANNOTATION,
  REDIS_OWNER_KEY,
  entityProviderLocation,
  ownerEntityRef,
  ownerAnnotations,
  redisInstanceAnnotations,
  stampedOwner,
} from './catalog';
export { parseClusterNodes, parseInfoFields, slotCount } from './redisInfo';
export type { ClusterNodeLine } from './redisInfo';
export { REDIS_PORT, SENTINEL_PORT, redisAccessRefs } from './redisAccessRefs';
export type {
  OperatorResource,
  RedisAccessRefs,
  SecretKeyRef,
} from './redisAccessRefs';
export { SCHEMA_VALIDATOR_OPTIONS } from './validate/schemaValidator';
export { DELETE_OPERATION, DELETE_TEMPLATE } from './operations';
export { RESTORE_OPERATION, RESTORE_TEMPLATE } from './operations';
export { RESIZE_OPERATION, RESIZE_TEMPLATE } from './operations';
export {
  ROTATE_PASSWORD_OPERATION,
  ROTATE_PASSWORD_TEMPLATE,
} from './operations';
export {
  SCALE_OPERATION,
  SCALE_TEMPLATE,
  TEST_FAILOVER_OPERATION,
  TEST_FAILOVER_TEMPLATE,
} from './operations';
export type {
  OperationDryRun,
  OperationLockHolder,
  OperationOutcome,
  OperationRecord,
  OperationsState,
} from './operations';
