import { useRouteRef } from '@backstage/core-plugin-api';
import {
  prefilledTemplateHref,
  testFailoverTemplate,
} from '../../status/operations';
import { scaffolderTemplateRouteRef } from '../../routes';

/**
 * The test failover's template page with the entity filled in; undefined without an entity, or in
 * an app where no scaffolder takes the template route.
 */
export function useTestFailoverHref(entityRef?: string): string | undefined {
  const templateRoute = useRouteRef(scaffolderTemplateRouteRef);
  if (!entityRef || !templateRoute) return undefined;
  return prefilledTemplateHref(templateRoute(testFailoverTemplate), {
    entityRef,
  });
}
