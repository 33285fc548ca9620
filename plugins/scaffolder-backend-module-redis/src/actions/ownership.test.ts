import { ownershipOverrides, type OwnershipFacts } from './ownership';

const instance = 'orders-cache in namespace shop on cluster eks-prod';
const alice = {
  userEntityRef: 'user:default/alice',
  name: 'user:default/alice',
};
/** Alice, of payments, orders orders-cache for payments; nothing is live yet. */
const facts: OwnershipFacts = {
  instance,
  ordered: 'group:default/payments',
  live: [],
  initiator: alice,
  memberOf: ['group:default/payments'],
  force: false,
};
const live = (owner?: string) => [
  { ref: 'RedisReplication shop/orders-cache', owner },
];

describe('ownershipOverrides', () => {
  it('needs nothing for a member of the ordered group, on a new instance or one the group owns', () => {
    expect(ownershipOverrides(facts)).toEqual([]);
    expect(
      ownershipOverrides({ ...facts, live: live('group:default/payments') }),
    ).toEqual([]);
  });

  it('compares entity refs without regard to case, as the catalog does', () => {
    expect(
      ownershipOverrides({
        ...facts,
        ordered: 'group:default/Payments',
        live: live('group:default/payments'),
        memberOf: ['group:default/PAYMENTS'],
      }),
    ).toEqual([]);
  });

  it('names the live owner, the ordered one and the permission when the owner would change', () => {
    expect(
      ownershipOverrides({
        ...facts,
        ordered: 'group:default/search',
        memberOf: ['group:default/search'],
        live: live('group:default/payments'),
      }),
    ).toEqual([
      'orders-cache in namespace shop on cluster eks-prod is owned by group:default/payments; changing it for group:default/search needs the permission redis.instance.admin',
    ]);
  });

  it('treats removing the owner and claiming an unowned instance as owner changes', () => {
    expect(
      ownershipOverrides({
        ...facts,
        ordered: undefined,
        live: live('group:default/payments'),
      }),
    ).toEqual([
      `${instance} is owned by group:default/payments; changing it to no owner needs the permission redis.instance.admin`,
    ]);
    expect(ownershipOverrides({ ...facts, live: live(undefined) })).toEqual([
      `${instance} has no owner (no odin.dev/owner annotation or label); claiming it for group:default/payments needs the permission redis.instance.admin`,
    ]);
  });

  it('lists each distinct live owner once, e.g. the data resources of two deployment modes', () => {
    expect(
      ownershipOverrides({
        ...facts,
        live: [
          { ref: 'Redis shop/orders-cache', owner: 'group:default/search' },
          {
            ref: 'RedisCluster shop/orders-cache',
            owner: 'group:default/search',
          },
          {
            ref: 'RedisReplication shop/orders-cache',
            owner: 'group:default/payments',
          },
        ],
      }),
    ).toEqual([
      `${instance} is owned by group:default/search; changing it for group:default/payments needs the permission redis.instance.admin`,
    ]);
  });

  it('needs the permission to order for a group the initiator is not a member of', () => {
    expect(
      ownershipOverrides({
        ...facts,
        initiator: {
          userEntityRef: 'user:default/bob',
          name: 'user:default/bob',
        },
        memberOf: ['group:default/search'],
        live: live('group:default/payments'),
      }),
    ).toEqual([
      `user:default/bob is not a member of group:default/payments; ordering ${instance} for it needs the permission redis.instance.admin`,
    ]);
  });

  it('lets a user order for themselves, and no one else for them', () => {
    const forAlice = { ...facts, ordered: 'user:default/alice', memberOf: [] };
    expect(ownershipOverrides(forAlice)).toEqual([]);
    expect(
      ownershipOverrides({
        ...forAlice,
        initiator: {
          userEntityRef: 'user:default/bob',
          name: 'user:default/bob',
        },
      }),
    ).toEqual([
      `user:default/bob is not user:default/alice; ordering ${instance} for it needs the permission redis.instance.admin`,
    ]);
  });

  it('needs the permission when the initiator is not a user', () => {
    expect(
      ownershipOverrides({
        ...facts,
        initiator: { name: 'service external:ci' },
        memberOf: [],
      }),
    ).toEqual([
      `service external:ci is not a member of group:default/payments; ordering ${instance} for it needs the permission redis.instance.admin`,
    ]);
  });

  it('needs the permission for force, even for the owner', () => {
    expect(
      ownershipOverrides({
        ...facts,
        live: live('group:default/payments'),
        force: true,
      }),
    ).toEqual([
      `force on ${instance} (it takes over fields other managers own and allows a deploymentMode change) needs the permission redis.instance.admin`,
    ]);
  });

  it('checks membership and force without live facts, as in a preview with no cluster', () => {
    expect(
      ownershipOverrides({ ...facts, live: undefined, memberOf: [] }),
    ).toHaveLength(1);
    expect(ownershipOverrides({ ...facts, live: undefined })).toEqual([]);
  });
});
