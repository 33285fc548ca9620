// Backup Jobs for the integration tests: the sandbox runs no CronJob, so a test writes the Job a finished
// run of the instance's backup CronJob would leave, through the API server, status subresource included.
// eslint-disable-next-line @backstage/no-relative-monorepo-imports
import {
  expectStatus,
  kubeRequest,
} from '../../../tools/k8s-testenv/testCluster';
import type { LiveNamespace } from './liveInstance';

/**
 * A Job of the CronJob `cronJobName` (its template, its labels, owned by it) that ran from `startedAt`
 * to `finishedAt` and succeeded, as the Job controller records a success. Returns the stored CronJob.
 */
export async function createFinishedJob(
  live: LiveNamespace,
  cronJobName: string,
  name: string,
  startedAt: Date,
  finishedAt: Date,
): Promise<any> {
  const base = `/apis/batch/v1/namespaces/${live.namespace}`;
  const cronJob = expectStatus(
    await kubeRequest(
      live.testCluster,
      'GET',
      `${base}/cronjobs/${cronJobName}`,
    ),
    `get CronJob ${cronJobName}`,
    200,
  ).body;
  expectStatus(
    await kubeRequest(live.testCluster, 'POST', `${base}/jobs`, {
      body: {
        apiVersion: 'batch/v1',
        kind: 'Job',
        metadata: {
          name,
          labels: cronJob.spec.jobTemplate.metadata.labels,
          ownerReferences: [
            {
              apiVersion: 'batch/v1',
              kind: 'CronJob',
              name: cronJob.metadata.name,
              uid: cronJob.metadata.uid,
              controller: true,
              blockOwnerDeletion: true,
            },
          ],
        },
        spec: cronJob.spec.jobTemplate.spec,
      },
    }),
    `create Job ${name}`,
    201,
  );
  const now = new Date().toISOString();
  expectStatus(
    await kubeRequest(
      live.testCluster,
      'PATCH',
      `${base}/jobs/${name}/status`,
      {
        contentType: 'application/merge-patch+json',
        body: {
          status: {
            startTime: startedAt.toISOString(),
            completionTime: finishedAt.toISOString(),
            succeeded: 1,
            conditions: ['SuccessCriteriaMet', 'Complete'].map(type => ({
              type,
              status: 'True',
              lastProbeTime: now,
              lastTransitionTime: now,
            })),
          },
        },
      },
    ),
    `set status of Job ${name}`,
    200,
  );
  return cronJob;
}
