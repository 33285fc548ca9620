import { useRouteRef } from '@backstage/core-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  redisInstanceDeletePermission,
  redisInstanceUpdatePermission,
  type RedisStatus,
} from '@odin/plugin-redis-common';
import { scaffolderTemplateRouteRef } from '../../routes';
import {
  OPERATION_ACTIONS,
  prefilledTemplateHref,
  templateRouteParams,
  type OperationActionId,
} from '../../status/operations';

/** An operation the instance offers, as the panel shows it. */
export interface OfferedOperation {
  id: OperationActionId;
  /** The template page, prefilled with the entity. */
  href: string;
  /** The permission the operation's action checks, by name. */
  permission: string;
  /** Whether the user holds it on the entity; undefined while the permission backend is asked. */
  allowed: boolean | undefined;
}

/**
 * The operations the instance offers in its mode, each with its template page prefilled with the entity
 * and whether the signed-in user may run it. The action checks the same permission again: this only
 * spares a user a form that would be refused. Empty without an entity, or in an app where no
 * scaffolder takes the template route.
 */
export function useOperationActions(
  status: RedisStatus,
  entityRef?: string,
): OfferedOperation[] {
  const templateRoute = useRouteRef(scaffolderTemplateRouteRef);
  const decisions = {
    [redisInstanceUpdatePermission.name]: usePermission({
      permission: redisInstanceUpdatePermission,
      resourceRef: entityRef,
    }),
    [redisInstanceDeletePermission.name]: usePermission({
      permission: redisInstanceDeletePermission,
      resourceRef: entityRef,
    }),
  };
  if (!entityRef || !templateRoute) return [];
  return OPERATION_ACTIONS.filter(action => action.offeredIn(status)).map(
    action => {
      const decision = decisions[action.permission.name];
      return {
        id: action.id,
        href: prefilledTemplateHref(
          templateRoute(templateRouteParams(action.template)),
          { entityRef, ...action.formData?.(status) },
        ),
        permission: action.permission.name,
        allowed: decision.loading ? undefined : decision.allowed,
      };
    },
  );
}
