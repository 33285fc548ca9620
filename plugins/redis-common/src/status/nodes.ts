// Resolves the fields the status document sends once for all Redis nodes.
import type { RedisNodesState, RedisNodeState } from './types';

/**
 * A node with the common fields it does not override filled in; unanswering nodes stay as they are.
 *
 * @public
 */
export function nodeWithCommonFields(
  state: RedisNodesState,
  node: RedisNodeState,
): RedisNodeState {
  return node.error === undefined ? { ...state.common, ...node } : node;
}
