import { liveTopology, topologyMode } from './topology';

describe('liveTopology', () => {
  it('tells what the operator kinds present say an instance runs as', () => {
    expect(liveTopology(['Redis'])).toEqual({
      dataKind: 'Redis',
      sentinel: false,
    });
    expect(liveTopology(['RedisReplication'])).toEqual({
      dataKind: 'RedisReplication',
      sentinel: false,
    });
    expect(liveTopology(['RedisSentinel', 'RedisReplication'])).toEqual({
      dataKind: 'RedisReplication',
      sentinel: true,
    });
    expect(liveTopology(['RedisReplication'], true)).toEqual({
      dataKind: 'RedisReplication',
      sentinel: true,
    });
    expect(liveTopology(['RedisCluster', 'Redis'])).toEqual({
      dataKind: 'RedisCluster',
      sentinel: false,
    });
  });

  it('says nothing without a kind that holds data', () => {
    expect(liveTopology([])).toBeUndefined();
    expect(liveTopology(['RedisSentinel'])).toBeUndefined();
  });

  it('names each topology by the mode the status shows', () => {
    expect(
      [
        ['Redis'],
        ['RedisReplication'],
        ['RedisReplication', 'RedisSentinel'],
        ['RedisCluster'],
      ].map(kinds => topologyMode(liveTopology(kinds)!)),
    ).toEqual(['standalone', 'replication', 'sentinel', 'cluster']);
  });
});
