// Pure parsers of Redis replies (INFO, CLUSTER INFO/NODES, SENTINEL) into status types.
import {
  parseClusterNodes,
  parseInfoFields,
  slotCount,
  type ClusterNodeLine,
  type ClusterShard,
  type ClusterState,
  type RedisNodeName,
  type RedisNodeState,
  type ReplicaLag,
} from '@odin/plugin-redis-common';

// One parser of INFO and of CLUSTER NODES for the status and the day-2 operations.
export { parseClusterNodes, parseInfoFields };

function numberField(
  fields: Map<string, string>,
  name: string,
): number | undefined {
  const value = fields.get(name);
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** `slave0:ip=10.0.0.5,port=6379,state=online,offset=123,lag=0` -> its key/value pairs. */
function parseReplicaLine(value: string): Map<string, string> {
  return new Map(
    value.split(',').map(pair => pair.split('=', 2) as [string, string]),
  );
}

/** Drops the fields whose value is undefined, so they neither travel nor override common fields. */
function definedFields<T extends object>(record: T): T {
  return Object.fromEntries(
    Object.entries(record).filter(([, value]) => value !== undefined),
  ) as T;
}

export interface NodeInfo {
  state: RedisNodeState;
  /** Masters only: their replicas by the `ip:port` they announced. */
  replicas: Map<string, ReplicaLag>;
}

/**
 * What one INFO reply (sections replication, persistence, memory, server) says about a node.
 * `nameOfAddress` names the node behind the `ip:port` a replica follows.
 */
export function nodeStateFromInfo(
  info: string,
  nameOfAddress: (address: string) => RedisNodeName,
): NodeInfo {
  const fields = parseInfoFields(info);
  const role = fields.get('role') === 'master' ? 'master' : 'replica';
  const lastSave = numberField(fields, 'rdb_last_save_time');
  const replicas = new Map<string, ReplicaLag>();
  const state: RedisNodeState = {
    role,
    version: fields.get('redis_version'),
    uptimeSeconds: numberField(fields, 'uptime_in_seconds'),
    usedMemoryBytes: numberField(fields, 'used_memory'),
    maxMemoryBytes: numberField(fields, 'maxmemory'),
    lastSaveAt: lastSave ? new Date(lastSave * 1000).toISOString() : undefined,
    lastBgsaveStatus: fields.get('rdb_last_bgsave_status'),
    aofEnabled: fields.has('aof_enabled')
      ? fields.get('aof_enabled') === '1'
      : undefined,
  };
  if (role === 'replica') {
    const host = fields.get('master_host');
    state.master = host
      ? nameOfAddress(`${host}:${fields.get('master_port')}`)
      : undefined;
    state.masterLinkUp = fields.get('master_link_status') === 'up';
    return { state: definedFields(state), replicas };
  }
  const masterOffset = numberField(fields, 'master_repl_offset') ?? 0;
  state.replicationOffset = masterOffset;
  for (const [name, value] of fields) {
    if (!/^slave\d+$/.test(name)) continue;
    const replica = parseReplicaLine(value);
    replicas.set(`${replica.get('ip')}:${replica.get('port')}`, {
      state: replica.get('state') ?? 'unknown',
      lagBytes: Math.max(0, masterOffset - Number(replica.get('offset') ?? 0)),
      secondsSinceAck: Number(replica.get('lag') ?? 0),
    });
  }
  return { state: definedFields(state), replicas };
}

const ROLE_FLAGS = new Set(['master', 'slave', 'myself', 'noflags']);

/** CLUSTER INFO + CLUSTER NODES as seen from one node, grouped into shards. */
export function clusterStateFromReplies(
  clusterInfo: string,
  clusterNodes: string,
  observedFrom: string,
  nameOfAddress: (address: string) => RedisNodeName,
): ClusterState {
  const fields = parseInfoFields(clusterInfo);
  const lines = parseClusterNodes(clusterNodes);
  const nodeFlags: Record<RedisNodeName, string[]> = {};
  const nameOf = (node: ClusterNodeLine): RedisNodeName => {
    const name = nameOfAddress(node.address);
    const flags = node.flags.filter(flag => !ROLE_FLAGS.has(flag));
    if (!node.connected) flags.push('disconnected');
    if (flags.length > 0) nodeFlags[name] = flags;
    return name;
  };
  const shardsByMaster = new Map<string, ClusterShard>();
  for (const node of lines) {
    if (node.flags.includes('master') && node.slots.length > 0) {
      shardsByMaster.set(node.id, {
        master: nameOf(node),
        replicas: [],
        slots: node.slots,
        slotCount: slotCount(node.slots),
      });
    }
  }
  const unassigned: RedisNodeName[] = [];
  for (const node of lines) {
    if (shardsByMaster.has(node.id)) continue;
    const shard = node.masterId ? shardsByMaster.get(node.masterId) : undefined;
    if (shard) shard.replicas.push(nameOf(node));
    else unassigned.push(nameOf(node));
  }
  const count = (name: string) => numberField(fields, name) ?? 0;
  return {
    state: fields.get('cluster_state') ?? 'unknown',
    slotsAssigned: count('cluster_slots_assigned'),
    slotsOk: count('cluster_slots_ok'),
    slotsPfail: count('cluster_slots_pfail'),
    slotsFail: count('cluster_slots_fail'),
    knownNodes: count('cluster_known_nodes'),
    size: count('cluster_size'),
    currentEpoch: count('cluster_current_epoch'),
    observedFrom,
    shards: [...shardsByMaster.values()],
    unassigned,
    nodeFlags,
  };
}

/** A flat `[field, value, field, value, ...]` reply (SENTINEL MASTER, each entry of SENTINEL REPLICAS). */
export function pairsToRecord(reply: string[]): Record<string, string> {
  const record: Record<string, string> = {};
  for (let index = 0; index + 1 < reply.length; index += 2)
    record[reply[index]] = reply[index + 1];
  return record;
}
