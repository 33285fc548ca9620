// The portal's own pods as a client of every instance it orders: its status reads must pass the network policy.

/**
 * Where the portal runs: `redis.portal` in its app-config, and `flavour.networkPolicy.portal` of an order.
 *
 * @public
 */
export interface PortalAccess {
  namespace: string;
  /** Labels every portal pod carries; without them, every pod of the namespace counts as the portal. */
  podLabels?: Record<string, string>;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The order with `flavour.networkPolicy.portal` set to the configured portal when the network policy is
 * enabled and the order names no portal namespace, so the portal can read the status of what it applied.
 * Call it before validation; anything malformed is left for the validator to report.
 *
 * @public
 */
export function withPortalAccess<Order extends { flavour?: unknown }>(
  order: Order,
  portal: PortalAccess | undefined,
): Order {
  if (!portal || !isPlainObject(order.flavour)) return order;
  const networkPolicy = order.flavour.networkPolicy;
  if (!isPlainObject(networkPolicy) || networkPolicy.enabled !== true)
    return order;
  const given = networkPolicy.portal;
  // A form leaves an empty block behind; a namespace, even a wrong one, is the order's own choice.
  const unnamed =
    given === undefined ||
    (isPlainObject(given) && given.namespace === undefined);
  if (!unnamed) return order;
  return {
    ...order,
    flavour: {
      ...order.flavour,
      networkPolicy: {
        ...networkPolicy,
        portal: {
          namespace: portal.namespace,
          ...(portal.podLabels && { podLabels: { ...portal.podLabels } }),
        },
      },
    },
  };
}
