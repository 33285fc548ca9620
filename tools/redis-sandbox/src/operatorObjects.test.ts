// The sandbox's operator objects against what the real operator made for the same custom resources
// (the observed objects of the redis-operator reference; observed wins over FACTS.md, FACTS.md over guesses).
import fs from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';
import type { KubeObject } from './kube';
import {
  clusterMasterService,
  disruptionBudgetOf,
  REDIS_KINDS,
  roleSets,
  servicesOf,
  statefulSetOf,
  type RedisKind,
} from './operatorObjects';
import { REPO_ROOT } from './paths';

/** As plugins/redis-common/src/__testUtils__/operatorReference.ts: `<repo>/../shared/reference/redis-operator` unless overridden. */
const REFERENCE =
  process.env.REDIS_OPERATOR_REFERENCE ??
  path.resolve(REPO_ROOT, '../shared/reference/redis-operator');
const OPERATOR_KINDS = ['StatefulSet', 'Service', 'PodDisruptionBudget'];
const ORDERS = ['std-max', 'clu-max', 'sen-x'];

/** Env the operator adds only for NodePort clusters, from node ports the API server allocates; the sandbox runs no NodePort. */
const NODE_PORT_ENV = /^(HOST_IP|NODEPORT|announce_(bus_)?port_.*)$/;

function observedObjects(order: string): KubeObject[] {
  const file = path.join(REFERENCE, 'observed', `${order}.yaml`);
  if (!fs.existsSync(file))
    throw new Error(
      `${file} is missing; set REDIS_OPERATOR_REFERENCE to the redis-operator reference directory`,
    );
  return parseAllDocuments(fs.readFileSync(file, 'utf8'))
    .map(document => document.toJS() as KubeObject | null)
    .filter((object): object is KubeObject => Boolean(object?.kind));
}

function sandboxObjects(customResources: KubeObject[]): KubeObject[] {
  return customResources.flatMap(owner =>
    roleSets(owner).flatMap(set => [
      statefulSetOf(set),
      ...servicesOf(set),
      ...(set.role === 'leader' ? [clusterMasterService(set)] : []),
      ...[disruptionBudgetOf(set)].filter(
        (budget): budget is KubeObject => budget !== undefined,
      ),
    ]),
  );
}

function annotations(object: { metadata: any }) {
  const { 'banzaicloud.com/last-applied': _patchMaker, ...rest } =
    object.metadata.annotations ?? {};
  return rest;
}

function containerEssentials(container: any) {
  return {
    name: container.name,
    image: container.image,
    imagePullPolicy: container.imagePullPolicy,
    env: (container.env ?? []).filter(
      (entry: any) => !NODE_PORT_ENV.test(entry.name),
    ),
    volumeMounts: (container.volumeMounts ?? []).map((mount: any) => ({
      name: mount.name,
      mountPath: mount.mountPath,
    })),
    ports: container.ports ?? [],
    resources: container.resources,
    securityContext: container.securityContext,
  };
}

/** The API server defaults `rollingUpdate.partition` to 0; the operator does not write it. */
function withoutDefaultPartition(strategy: any) {
  if (strategy?.rollingUpdate?.partition !== 0) return strategy;
  const { partition: _default, ...rollingUpdate } = strategy.rollingUpdate;
  return { ...strategy, rollingUpdate };
}

/** What is compared: the fields the operator decides, without what the API server defaults or allocates. */
function essentials(object: KubeObject) {
  const { metadata, spec } = object;
  const common = {
    kind: object.kind,
    name: metadata.name,
    labels: metadata.labels,
    annotations: annotations(object),
    ownerReferences: (metadata.ownerReferences ?? []).map(reference => ({
      apiVersion: reference.apiVersion,
      kind: reference.kind,
      name: reference.name,
      controller: reference.controller,
    })),
  };
  if (object.kind === 'Service')
    return {
      ...common,
      type: spec.type,
      headless: spec.clusterIP === 'None',
      selector: spec.selector,
      ports: spec.ports.map((port: any) => ({
        name: port.name,
        port: port.port,
        targetPort: port.targetPort,
        protocol: port.protocol,
      })),
    };
  if (object.kind === 'PodDisruptionBudget')
    return {
      ...common,
      selector: spec.selector,
      minAvailable: spec.minAvailable,
      maxUnavailable: spec.maxUnavailable,
    };
  const pod = spec.template.spec;
  return {
    ...common,
    replicas: spec.replicas,
    selector: spec.selector,
    serviceName: spec.serviceName,
    podManagementPolicy: spec.podManagementPolicy,
    updateStrategy: withoutDefaultPartition(spec.updateStrategy),
    template: {
      labels: spec.template.metadata.labels,
      annotations: spec.template.metadata.annotations,
      containers: pod.containers.map(containerEssentials),
      volumes: (pod.volumes ?? []).map((volume: any) => volume.name),
      nodeSelector: pod.nodeSelector,
      tolerations: pod.tolerations,
      affinity: pod.affinity,
      topologySpreadConstraints: pod.topologySpreadConstraints,
      securityContext: pod.securityContext,
      serviceAccountName: pod.serviceAccountName,
      priorityClassName: pod.priorityClassName,
    },
    volumeClaimTemplates: (spec.volumeClaimTemplates ?? []).map(
      (claim: any) => ({
        name: claim.metadata.name,
        labels: claim.metadata.labels,
        annotations: claim.metadata.annotations,
        accessModes: claim.spec.accessModes,
        resources: claim.spec.resources,
        storageClassName: claim.spec.storageClassName,
      }),
    ),
  };
}

const id = (object: KubeObject) => `${object.kind} ${object.metadata.name}`;

describe.each(ORDERS)('the operator objects of observed order %s', order => {
  const observed = observedObjects(order);
  const customResources = observed.filter(object =>
    REDIS_KINDS.includes(object.kind as RedisKind),
  );
  const expected = observed.filter(object =>
    OPERATOR_KINDS.includes(object.kind!),
  );
  const made = sandboxObjects(customResources);

  it('has custom resources and operator objects to compare', () => {
    expect(customResources.length).toBeGreaterThan(0);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('are the StatefulSets, Services and PDBs the operator made, by name', () => {
    expect(made.map(id).sort()).toEqual(expected.map(id).sort());
  });

  it.each(expected.map(object => [id(object), object] as const))(
    '%s matches the observed object',
    (name, object) => {
      const ours = made.find(candidate => id(candidate) === name);
      expect(ours && essentials(ours)).toEqual(essentials(object));
    },
  );
});
