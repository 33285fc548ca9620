import type {
  LoggerService,
  SchedulerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  isServerSideCluster,
  withTimeout,
  type ClusterAccess,
} from '@odin/plugin-redis-node';
import { redisInstanceEntities } from './instanceEntities';
import { listRedisInstances, type RedisInstance } from './redisInstances';

/** A cluster that has not answered all its LISTs by then counts as failed for this run. */
export const CLUSTER_LIST_TIMEOUT_MS = 20_000;

/** @public */
export interface RedisInstanceEntityProviderOptions {
  clusters: ClusterAccess;
  taskRunner: SchedulerServiceTaskRunner;
  /**
   * The scheduler `taskRunner` is of. With it, the first refresh after connect is asked of the
   * scheduler, so that one replica of many runs it; without it, every instance refreshes at connect.
   */
  scheduler?: Pick<SchedulerService, 'triggerTask'>;
  logger: LoggerService;
  defaultOwner: string;
  namespaces?: string[];
  clusterListTimeoutMs?: number;
}

type ClusterListing =
  | { cluster: string; instances: RedisInstance[] }
  | { cluster: string; error: Error };

/**
 * Registers one catalog entity (kind Resource, type redis) per Redis instance found in the
 * configured clusters, so an instance applied by the template reaches the catalog without a git host.
 *
 * @public
 */
export class RedisInstanceEntityProvider implements EntityProvider {
  readonly #options: RedisInstanceEntityProviderOptions;
  #connection?: EntityProviderConnection;
  /** The last successful listing per cluster, reused while a cluster does not answer. */
  readonly #lastListed = new Map<string, RedisInstance[]>();
  /** Clusters skipped because they need a user's token; each is warned about once. */
  readonly #skipped = new Set<string>();
  /** What the catalog holds from us, to work out removals in a delta. */
  #emitted: DeferredEntity[] = [];
  #latestRefresh: Promise<void> = Promise.resolve();

  constructor(options: RedisInstanceEntityProviderOptions) {
    this.#options = options;
  }

  getProviderName(): string {
    return 'RedisInstanceEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.#connection = connection;
    const { taskRunner, scheduler, logger } = this.#options;
    const id = `${this.getProviderName()}:refresh`;
    await taskRunner.run({ id, fn: () => this.refresh() });
    // The scheduler's first run may be a whole interval away (cron, or a global task after a restart).
    if (scheduler) {
      // A conflict means a replica is running it now, which is what was asked for.
      await scheduler.triggerTask(id).catch(error => {
        if (error?.name !== 'ConflictError')
          logger.error(
            `Could not start the discovery of Redis instances: ${error}`,
          );
      });
    } else {
      this.refresh().catch(error =>
        logger.error(`Initial discovery of Redis instances failed: ${error}`),
      );
    }
  }

  /** Lists every configured cluster and updates the catalog. Runs are queued, never concurrent. */
  refresh(): Promise<void> {
    const run = this.#latestRefresh.catch(() => {}).then(() => this.#refresh());
    this.#latestRefresh = run;
    return run;
  }

  async #refresh(): Promise<void> {
    const connection = this.#connection;
    if (!connection) {
      throw new Error(
        `${this.getProviderName()} is not connected to the catalog yet`,
      );
    }
    const { clusters, logger } = this.#options;
    const usable = (await clusters.listClusters()).filter(cluster => {
      if (isServerSideCluster(cluster)) return true;
      // With no user in the loop, a cluster that needs the user's own token cannot be listed.
      if (!this.#skipped.has(cluster.name)) {
        this.#skipped.add(cluster.name);
        logger.warn(
          `Skipping Kubernetes cluster ${cluster.name}: its authProvider "${cluster.authProvider}" needs a signed-in user's token, which the background entity provider does not have; use a server-side auth provider (aws, serviceAccount, googleServiceAccount, azure) for clusters whose instances should reach the catalog`,
        );
      }
      return false;
    });
    const clusterNames = usable.map(cluster => cluster.name);
    const listings = await Promise.all(
      clusterNames.map(name => this.#listCluster(name)),
    );

    for (const listing of listings) {
      if ('instances' in listing) {
        this.#lastListed.set(listing.cluster, listing.instances);
      } else {
        logger.warn(
          `Could not list the Redis instances of cluster ${
            listing.cluster
          }; keeping its ${
            this.#lastListed.get(listing.cluster)?.length ?? 0
          } known instances in the catalog: ${listing.error.message}`,
        );
      }
    }
    // A cluster removed from the config takes its entities with it at the next full mutation.
    for (const name of [...this.#lastListed.keys()]) {
      if (!clusterNames.includes(name)) this.#lastListed.delete(name);
    }

    const { entities, warnings } = redisInstanceEntities(
      [...this.#lastListed.values()].flat(),
      { defaultOwner: this.#options.defaultOwner },
    );
    for (const warning of warnings) logger.warn(warning);

    const failed = listings.filter(listing => 'error' in listing);
    if (failed.length === 0) {
      await connection.applyMutation({ type: 'full', entities });
    } else {
      // A full mutation would delete the entities of the failed clusters; a delta leaves them be.
      const current = new Set(
        entities.map(({ entity }) => stringifyEntityRef(entity)),
      );
      await connection.applyMutation({
        type: 'delta',
        added: entities,
        removed: this.#emitted
          .filter(({ entity }) => !current.has(stringifyEntityRef(entity)))
          .map(({ entity, locationKey }) => ({
            entityRef: stringifyEntityRef(entity),
            locationKey,
          })),
      });
    }
    this.#emitted = entities;
    logger.info(
      `Registered ${entities.length} Redis instances from ${
        clusterNames.length - failed.length
      } of ${clusterNames.length} clusters`,
    );
  }

  async #listCluster(name: string): Promise<ClusterListing> {
    try {
      const instances = await withTimeout(
        this.#options.clusters
          .getCluster(name)
          .then(cluster =>
            listRedisInstances(cluster, this.#options.namespaces),
          ),
        this.#options.clusterListTimeoutMs ?? CLUSTER_LIST_TIMEOUT_MS,
        `Listing the Redis custom resources of cluster ${name}`,
      );
      return { cluster: name, instances };
    } catch (error) {
      return {
        cluster: name,
        error: error instanceof Error ? error : new Error(String(error)),
      };
    }
  }
}
