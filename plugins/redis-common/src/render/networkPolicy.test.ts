import {
  ingressAllowed,
  labelSelectorMatches,
  namespaceNamed,
  type NetworkPolicyLike,
  type PodLike,
} from '@internal/redis-test-utils';
import { configOf, objectProblems } from '../__testUtils__/objectProblems';
import { observedOrders } from '../__testUtils__/operatorReference';
import { withPortalAccess } from '../portalAccess';
import { EXPORTER_PORT, REDIS_PORT, SENTINEL_PORT } from './conventions';
import { renderNetworkPolicy } from './networkPolicy';

const PORTAL = {
  namespace: 'backstage',
  podLabels: { 'app.kubernetes.io/name': 'backstage' },
};
const fromNamespace = (namespace: string) => ({
  namespaceSelector: {
    matchLabels: { 'kubernetes.io/metadata.name': namespace },
  },
});

const SENTINEL = {
  deploymentMode: 'sentinel',
  replica: { count: 1 },
  sentinel: { enabled: true },
};

/** The NetworkPolicy of a valid order; throws when none is rendered. */
function renderedPolicy(input: unknown): NetworkPolicyLike {
  const policy = renderNetworkPolicy(configOf(input));
  if (!policy) throw new Error('no NetworkPolicy rendered');
  expect(objectProblems(policy)).toEqual([]);
  return policy as unknown as NetworkPolicyLike;
}

function policyOf(
  networkPolicy: Record<string, unknown>,
  flavour: Record<string, unknown> = SENTINEL,
) {
  return renderedPolicy({
    name: 'orders',
    root: { clusterModeEnabled: flavour.deploymentMode === 'cluster' },
    flavour: { ...flavour, namespace: 'shop', networkPolicy },
  }) as any;
}

describe('renderNetworkPolicy and the portal', () => {
  const spec = { enabled: true, allowedNamespaces: ['web'] };
  const specPeers = [
    { podSelector: {} },
    fromNamespace('redis-operator'),
    fromNamespace('web'),
  ];

  it('admits what the spec says without a portal: the namespace, allowedNamespaces and the operator, whole', () => {
    expect(policyOf(spec).spec.ingress).toEqual([
      {
        from: specPeers,
        ports: [
          { protocol: 'TCP', port: REDIS_PORT },
          { protocol: 'TCP', port: SENTINEL_PORT },
        ],
      },
    ]);
  });

  it("adds the portal's namespace as a peer on the Redis and Sentinel ports", () => {
    const [rule] = policyOf({
      ...spec,
      portal: { namespace: 'backstage' },
    }).spec.ingress;
    expect(rule.from).toEqual([...specPeers, fromNamespace('backstage')]);
    expect(rule.ports.map((port: any) => port.port)).toEqual([
      REDIS_PORT,
      SENTINEL_PORT,
    ]);
  });

  it('narrows the portal peer to its pod labels, both selectors in one peer', () => {
    const [rule] = policyOf({ ...spec, portal: PORTAL }).spec.ingress;
    expect(rule.from).toEqual([
      ...specPeers,
      {
        ...fromNamespace('backstage'),
        podSelector: {
          matchLabels: { 'app.kubernetes.io/name': 'backstage' },
        },
      },
    ]);
  });

  it.each([
    ['in the instance namespace', { namespace: 'shop' }],
    [
      'in an allowed namespace',
      { namespace: 'web', podLabels: PORTAL.podLabels },
    ],
    ['in the operator namespace', { namespace: 'redis-operator' }],
    ['without a namespace', { podLabels: PORTAL.podLabels }],
  ])('adds nothing for a portal %s', (_, portal) => {
    expect(policyOf({ ...spec, portal }).spec.ingress[0].from).toEqual(
      specPeers,
    );
  });

  it('keeps the exporter port to the monitoring namespace and the bus port to the instance', () => {
    const policy = policyOf(
      { enabled: true, portal: PORTAL },
      { deploymentMode: 'cluster', metrics: { enabled: true } },
    );
    expect(policy.spec.ingress.slice(1)).toEqual([
      {
        from: [
          {
            podSelector: {
              matchLabels: {
                'app.kubernetes.io/name': 'redis',
                'app.kubernetes.io/instance': 'orders',
              },
            },
          },
        ],
        ports: [{ protocol: 'TCP', port: 16379 }],
      },
      {
        from: [fromNamespace('monitoring')],
        ports: [{ protocol: 'TCP', port: EXPORTER_PORT }],
      },
    ]);
  });
});

/** The port redis-backend's probe connects to on a pod: sentinels on 26379, every other pod on 6379. */
const probePort = (pod: PodLike) =>
  pod.metadata.labels?.role === 'sentinel' ? SENTINEL_PORT : REDIS_PORT;

const pod = (namespace: string, labels: Record<string, string> = {}) => ({
  pod: { metadata: { name: 'client', namespace, labels } },
  namespace: namespaceNamed(namespace),
});

// The pods the real operator made for real orders (std-max, sen-x, clu-max), under the policy rendered for
// the same order: what a CNI enforcing it lets the portal's status reads do.
describe.each(observedOrders().map(observed => [observed.name, observed]))(
  'through the policy of %s, on the pods the operator made',
  (_, { order, objects }) => {
    const pods = objects.filter(object => object.kind === 'Pod') as PodLike[];
    const policyFor = (portal?: typeof PORTAL) =>
      renderedPolicy({
        ...order,
        flavour: {
          ...order.flavour,
          networkPolicy: {
            enabled: true,
            allowedNamespaces: ['apps'],
            ...(portal && { portal }),
          },
          metrics: { ...order.flavour.metrics, enabled: true },
        },
      });
    const reaches = (
      policy: NetworkPolicyLike,
      source: ReturnType<typeof pod>,
    ) =>
      Object.fromEntries(
        pods.map(target => [
          target.metadata.name,
          ingressAllowed([policy], source, target, probePort(target)),
        ]),
      );
    const everyPod = (allowed: boolean) =>
      Object.fromEntries(pods.map(target => [target.metadata.name, allowed]));
    const portalPod = pod(PORTAL.namespace, {
      ...PORTAL.podLabels,
      'pod-template-hash': '7d9f',
    });

    it('has pods, every one of them selected by the policy', () => {
      const policy = policyFor(PORTAL);
      expect(pods.length).toBeGreaterThan(0);
      for (const target of pods)
        expect(
          labelSelectorMatches(policy.spec.podSelector, target.metadata.labels),
        ).toBe(true);
    });

    it("lets the portal's pods reach every Redis and Sentinel pod on its port", () => {
      expect(reaches(policyFor(PORTAL), portalPod)).toEqual(everyPod(true));
    });

    it("shuts the portal out without networkPolicy.portal, as the spec's policy alone does", () => {
      expect(reaches(policyFor(), portalPod)).toEqual(everyPod(false));
    });

    it("shuts out a pod of the portal's namespace without its labels, and one with them elsewhere", () => {
      const policy = policyFor(PORTAL);
      expect(reaches(policy, pod(PORTAL.namespace))).toEqual(everyPod(false));
      expect(reaches(policy, pod('shop', PORTAL.podLabels))).toEqual(
        everyPod(false),
      );
    });

    it('admits the portal filled in from its configuration', () => {
      const filled = withPortalAccess(
        {
          ...order,
          flavour: {
            ...order.flavour,
            networkPolicy: { enabled: true, allowedNamespaces: ['apps'] },
          },
        },
        PORTAL,
      );
      const policy = renderedPolicy(filled);
      expect(reaches(policy, portalPod)).toEqual(everyPod(true));
    });

    it('keeps the exporter port closed to the portal', () => {
      const policy = policyFor(PORTAL);
      for (const target of pods)
        expect(ingressAllowed([policy], portalPod, target, EXPORTER_PORT)).toBe(
          false,
        );
    });

    it('still admits every pod of an allowed namespace, whatever its labels', () => {
      expect(reaches(policyFor(PORTAL), pod('apps'))).toEqual(everyPod(true));
      expect(reaches(policyFor(), pod('apps'))).toEqual(everyPod(true));
    });
  },
);

describe('ingressAllowed, the stand-in for a CNI', () => {
  const target = {
    metadata: { name: 'db', namespace: 'shop', labels: { app: 'db' } },
    spec: {
      containers: [{ ports: [{ name: 'redis', containerPort: 6379 }] }],
    },
  };
  const policy = (
    from: NetworkPolicyLike['spec']['ingress'],
    policyTypes?: string[],
  ): NetworkPolicyLike => ({
    metadata: { name: 'p', namespace: 'shop' },
    spec: {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes,
      ingress: from,
    },
  });
  const web = { namespaceSelector: { matchLabels: { team: 'web' } } };
  const api = { podSelector: { matchLabels: { app: 'api' } } };
  const source = (namespace: string, labels: Record<string, string>) => ({
    pod: { metadata: { name: 'client', namespace, labels } },
    namespace: namespaceNamed(
      namespace,
      namespace === 'front' ? { team: 'web' } : {},
    ),
  });

  it('lets anything reach a pod no ingress policy selects', () => {
    const egressOnly = policy([], ['Egress']);
    const otherPods = {
      ...policy([]),
      spec: { ...policy([]).spec, podSelector: { matchLabels: { app: 'x' } } },
    };
    expect(ingressAllowed([], source('any', {}), target, 6379)).toBe(true);
    expect(
      ingressAllowed([egressOnly, otherPods], source('any', {}), target, 6379),
    ).toBe(true);
    expect(ingressAllowed([policy([])], source('any', {}), target, 6379)).toBe(
      false,
    );
  });

  it('ORs the peers of a rule and ANDs the selectors of one peer', () => {
    const either = [policy([{ from: [web, api] }])];
    const both = [policy([{ from: [{ ...web, ...api }] }])];
    const webPod = source('front', {});
    const apiPod = source('shop', { app: 'api' });
    const webApiPod = source('front', { app: 'api' });
    expect(
      [webPod, apiPod, webApiPod].map(s =>
        ingressAllowed(either, s, target, 6379),
      ),
    ).toEqual([true, true, true]);
    expect(
      [webPod, apiPod, webApiPod].map(s =>
        ingressAllowed(both, s, target, 6379),
      ),
    ).toEqual([false, false, true]);
  });

  it('admits only the listed ports: numbers, ranges, names and protocols', () => {
    const rules = [
      policy([
        {
          ports: [
            { port: 'redis' },
            { protocol: 'UDP', port: 53 },
            { port: 9000, endPort: 9002 },
          ],
        },
      ]),
    ];
    const anyone = source('any', {});
    expect(
      [6379, 53, 9000, 9002, 9003, 26379].map(port =>
        ingressAllowed(rules, anyone, target, port),
      ),
    ).toEqual([true, false, true, true, false, false]);
    expect(ingressAllowed(rules, anyone, target, 53, 'UDP')).toBe(true);
  });
});
