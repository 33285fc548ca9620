/**
 * Backend plugin serving the status of Redis instances (Kubernetes, Redis, Sentinel, cluster and backups).
 *
 * @packageDocumentation
 */
export { redisPlugin as default } from './plugin';
