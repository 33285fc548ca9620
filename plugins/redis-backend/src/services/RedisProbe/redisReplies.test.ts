import {
  clusterFailedOver,
  clusterHealthy,
} from './__fixtures__/clusterReplies';
import {
  sentinelInstanceInfo,
  sentinelReplies,
} from './__fixtures__/sentinelReplies';
import {
  clusterStateFromReplies,
  nodeStateFromInfo,
  pairsToRecord,
  parseClusterNodes,
  parseInfoFields,
} from './redisReplies';

/** The pods behind the addresses of the recorded replies (their IPs in the recorded snapshots). */
const podAt: Record<string, string> = {
  '127.136.197.3:6379': 'inventory-cache-0',
  '127.136.197.4:6379': 'inventory-cache-1',
  '127.136.197.5:6379': 'inventory-cache-2',
  '127.136.197.15:6379': 'e2e-cluster-leader-0',
  '127.136.197.16:6379': 'e2e-cluster-leader-1',
  '127.136.197.17:6379': 'e2e-cluster-leader-2',
  '127.136.197.18:6379': 'e2e-cluster-follower-0',
  '127.136.197.19:6379': 'e2e-cluster-follower-1',
  '127.136.197.20:6379': 'e2e-cluster-follower-2',
};
const nameOf = (address: string) => podAt[address] ?? address;

describe('parseInfoFields', () => {
  it('reads the fields of every section of a real INFO reply, without its headers and line endings', () => {
    const fields = parseInfoFields(sentinelInstanceInfo['inventory-cache-2']);
    expect([...fields.keys()].filter(key => !/^[a-z_0-9]+$/.test(key))).toEqual(
      [],
    );
    expect([...fields.values()].filter(value => value.includes('\r'))).toEqual(
      [],
    );
    expect(fields.get('redis_version')).toBe('7.0.15');
    expect(fields.get('role')).toBe('master');
    expect(fields.get('slave0')).toBe(
      'ip=127.136.197.4,port=6379,state=online,offset=98336,lag=4',
    );
  });
});

describe('nodeStateFromInfo', () => {
  it("reads a master's own state and the lag of each replica it serves", () => {
    const { state, replicas } = nodeStateFromInfo(
      sentinelInstanceInfo['inventory-cache-2'],
      nameOf,
    );
    expect(state).toEqual({
      role: 'master',
      version: '7.0.15',
      uptimeSeconds: 12,
      usedMemoryBytes: 1633384,
      maxMemoryBytes: 52428800,
      lastSaveAt: new Date(1796137651 * 1000).toISOString(),
      lastBgsaveStatus: 'ok',
      aofEnabled: false,
      replicationOffset: 112686,
    });
    // inventory-cache-1 was stopped for 3.5 s while 100 writes went on.
    expect(Object.fromEntries(replicas)).toEqual({
      '127.136.197.4:6379': {
        state: 'online',
        lagBytes: 112686 - 98336,
        secondsSinceAck: 4,
      },
      '127.136.197.3:6379': {
        state: 'online',
        lagBytes: 112686 - 112263,
        secondsSinceAck: 1,
      },
    });
  });

  it('reads which master a replica follows and whether its link is up', () => {
    const { state, replicas } = nodeStateFromInfo(
      sentinelInstanceInfo['inventory-cache-1'],
      nameOf,
    );
    expect(state).toEqual({
      role: 'replica',
      version: '7.0.15',
      uptimeSeconds: 8,
      usedMemoryBytes: 1494584,
      maxMemoryBytes: 52428800,
      lastSaveAt: new Date(1796137643 * 1000).toISOString(),
      lastBgsaveStatus: 'ok',
      aofEnabled: false,
      master: 'inventory-cache-2',
      masterLinkUp: true,
    });
    expect(replicas.size).toBe(0);
  });

  it('names a master no pod has by its address', () => {
    const { state } = nodeStateFromInfo(
      sentinelInstanceInfo['inventory-cache-0'],
      address => address,
    );
    expect(state.master).toBe('127.136.197.5:6379');
  });

  it('says the link is down when the replica reports it so', () => {
    const info = sentinelInstanceInfo['inventory-cache-0'].replace(
      'master_link_status:up',
      'master_link_status:down',
    );
    expect(nodeStateFromInfo(info, nameOf).state.masterLinkUp).toBe(false);
  });
});

describe('parseClusterNodes', () => {
  it('reads every line of a real CLUSTER NODES reply', () => {
    const nodes = parseClusterNodes(clusterHealthy.clusterNodes);
    expect(nodes.map(node => nameOf(node.address))).toEqual([
      'e2e-cluster-follower-2',
      'e2e-cluster-follower-0',
      'e2e-cluster-follower-1',
      'e2e-cluster-leader-2',
      'e2e-cluster-leader-0',
      'e2e-cluster-leader-1',
    ]);
    expect(nodes[4]).toEqual({
      id: 'b88bae51d98490fcba6b8888ac6af1e61b47e213',
      address: '127.136.197.15:6379',
      flags: ['myself', 'master'],
      masterId: undefined,
      connected: true,
      slots: ['0-5460'],
      openSlots: [],
    });
    expect(nodes[2]).toEqual({
      id: 'ceb58959dfb7169c103a5aa8b40264cea5814bd6',
      address: '127.136.197.19:6379',
      flags: ['slave'],
      masterId: 'b88bae51d98490fcba6b8888ac6af1e61b47e213',
      connected: true,
      slots: [],
      openSlots: [],
    });
  });

  it('reads a failed master that lost its slots as disconnected', () => {
    const failed = parseClusterNodes(clusterFailedOver.clusterNodes).find(
      node => node.address === '127.136.197.16:6379',
    );
    expect(failed).toMatchObject({
      flags: ['master', 'fail'],
      connected: false,
      slots: [],
    });
  });

  it('does not count slots being migrated or imported as owned', () => {
    const [leader] = parseClusterNodes(
      clusterHealthy.clusterNodes
        .split('\n')
        .filter(line => line.includes('myself'))
        .map(
          line => `${line} [5461->-4e117f22048a46261a13d7dd6c2e889fa06edb3f]`,
        )
        .join('\n'),
    );
    expect(leader.slots).toEqual(['0-5460']);
  });
});

describe('clusterStateFromReplies', () => {
  it('groups a healthy cluster into its shards, by pod', () => {
    expect(
      clusterStateFromReplies(
        clusterHealthy.clusterInfo,
        clusterHealthy.clusterNodes,
        clusterHealthy.observedFrom,
        nameOf,
      ),
    ).toEqual({
      state: 'ok',
      slotsAssigned: 16384,
      slotsOk: 16384,
      slotsPfail: 0,
      slotsFail: 0,
      knownNodes: 6,
      size: 3,
      currentEpoch: 6,
      observedFrom: 'e2e-cluster-leader-0',
      shards: [
        {
          master: 'e2e-cluster-leader-2',
          replicas: ['e2e-cluster-follower-0'],
          slots: ['10923-16383'],
          slotCount: 5461,
        },
        {
          master: 'e2e-cluster-leader-0',
          replicas: ['e2e-cluster-follower-1'],
          slots: ['0-5460'],
          slotCount: 5461,
        },
        {
          master: 'e2e-cluster-leader-1',
          replicas: ['e2e-cluster-follower-2'],
          slots: ['5461-10922'],
          slotCount: 5462,
        },
      ],
      unassigned: [],
      nodeFlags: {},
    });
  });

  it('after a failover, shows the promoted replica serving the slots and the failed master unassigned', () => {
    const state = clusterStateFromReplies(
      clusterFailedOver.clusterInfo,
      clusterFailedOver.clusterNodes,
      clusterFailedOver.observedFrom,
      nameOf,
    );
    expect(state).toMatchObject({
      state: 'ok',
      slotsAssigned: 16384,
      knownNodes: 6,
      currentEpoch: 7,
      unassigned: ['e2e-cluster-leader-1'],
      nodeFlags: { 'e2e-cluster-leader-1': ['fail', 'disconnected'] },
    });
    expect(state.shards).toContainEqual({
      master: 'e2e-cluster-follower-2',
      replicas: [],
      slots: ['5461-10922'],
      slotCount: 5462,
    });
  });
});

describe('pairsToRecord', () => {
  it('reads the field/value pairs of a real SENTINEL MASTER reply', () => {
    const master = pairsToRecord(
      sentinelReplies['inventory-cache-sentinel-0'].master,
    );
    expect(master).toMatchObject({
      name: 'mymaster',
      ip: '127.136.197.5',
      port: '6379',
      flags: 'master',
      quorum: '2',
      'num-slaves': '2',
      'num-other-sentinels': '2',
    });
  });
});
