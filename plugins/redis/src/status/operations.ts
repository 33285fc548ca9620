// What the Operations panel decides: whether the instance is locked, whether that lock still counts,
// and where the test failover's template opens prefilled.
import { parseEntityRef } from '@backstage/catalog-model';
import {
  TEST_FAILOVER_TEMPLATE,
  type OperationLockHolder,
  type OperationsState,
  type RedisStatus,
  type StatusSection,
} from '@odin/plugin-redis-common';

/** The template page's route parameters, from the template's entity ref. */
export const testFailoverTemplate = (() => {
  const ref = parseEntityRef(TEST_FAILOVER_TEMPLATE);
  return { namespace: ref.namespace, templateName: ref.name };
})();

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

/** A test failover fails a master over to a replica under Sentinel; other modes have no such action. */
export function offersTestFailover(status: RedisStatus): boolean {
  return status.mode === 'sentinel';
}
