// What the Operations panel decides: which day-2 operations an instance offers and with which template,
// whether the instance is locked, whether that lock still counts, and where a template opens prefilled.
import { parseEntityRef } from '@backstage/catalog-model';
import {
  DELETE_TEMPLATE,
  RESIZE_TEMPLATE,
  RESTORE_TEMPLATE,
  ROTATE_PASSWORD_TEMPLATE,
  SCALE_TEMPLATE,
  TEST_FAILOVER_TEMPLATE,
  redisInstanceDeletePermission,
  redisInstanceUpdatePermission,
  type OperationLockHolder,
  type OperationsState,
  type RedisStatus,
  type StatusSection,
} from '@odin/plugin-redis-common';

/** @public */
export type OperationActionId =
  | 'testFailover'
  | 'scale'
  | 'resize'
  | 'rotatePassword'
  | 'restore'
  | 'delete';

/** A day-2 operation as the panel offers it: its template, the permission its action checks, and where it applies. */
export interface OperationAction {
  id: OperationActionId;
  /** The template's entity ref; the Redis tab opens its page prefilled with the instance's entity. */
  template: string;
  permission:
    | typeof redisInstanceUpdatePermission
    | typeof redisInstanceDeletePermission;
  offeredIn(status: RedisStatus): boolean;
  /** What the form needs beyond the entity to open on the right fields. */
  formData?(status: RedisStatus): Record<string, unknown>;
}

const backupsConfigured = (status: RedisStatus) =>
  status.backups.status === 'ok' && status.backups.data.configured;

/** The operations in the order the panel lists them. */
export const OPERATION_ACTIONS: readonly OperationAction[] = [
  {
    id: 'testFailover',
    template: TEST_FAILOVER_TEMPLATE,
    permission: redisInstanceUpdatePermission,
    offeredIn: status =>
      status.mode === 'sentinel' || status.mode === 'cluster',
  },
  {
    id: 'scale',
    template: SCALE_TEMPLATE,
    permission: redisInstanceUpdatePermission,
    offeredIn: status => status.mode !== 'standalone',
    // The form shows the shards' fields for a cluster, the replicas' otherwise.
    formData: status => ({
      mode: status.mode === 'cluster' ? 'cluster' : 'replicas',
    }),
  },
  {
    id: 'resize',
    template: RESIZE_TEMPLATE,
    permission: redisInstanceUpdatePermission,
    offeredIn: status => status.mode !== 'standalone',
  },
  {
    id: 'rotatePassword',
    template: ROTATE_PASSWORD_TEMPLATE,
    permission: redisInstanceUpdatePermission,
    offeredIn: () => true,
  },
  {
    id: 'restore',
    template: RESTORE_TEMPLATE,
    permission: redisInstanceUpdatePermission,
    offeredIn: backupsConfigured,
  },
  {
    id: 'delete',
    template: DELETE_TEMPLATE,
    permission: redisInstanceDeletePermission,
    offeredIn: () => true,
  },
];

/** The template page's route parameters, from the template's entity ref. */
export function templateRouteParams(template: string) {
  const ref = parseEntityRef(template);
  return { namespace: ref.namespace, templateName: ref.name };
}

/**
 * The template page with its form prefilled: the scaffolder reads the `formData` query parameter as
 * JSON when the page opens.
 */
export function prefilledTemplateHref(
  templatePath: string,
  formData: Record<string, unknown>,
): string {
  return `${templatePath}?formData=${encodeURIComponent(
    JSON.stringify(formData),
  )}`;
}

/** The lock's holder, when the document says one holds it; undefined while the section failed. */
export function runningOperation(
  operations: StatusSection<OperationsState> | undefined,
): OperationLockHolder | undefined {
  return operations?.status === 'ok' ? operations.data.running : undefined;
}

/** Past its expiry the lock no longer holds: the next operation may take it over. */
export function lockExpired(
  running: OperationLockHolder,
  generatedAt: string,
): boolean {
  const expires = new Date(running.expiresAt).getTime();
  const now = new Date(generatedAt).getTime();
  return !Number.isNaN(expires) && !Number.isNaN(now) && now >= expires;
}
