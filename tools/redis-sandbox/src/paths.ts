// Where the sandbox's files are. The package only ever runs from its sources in this repository (it is never built).
import path from 'node:path';

// eslint-disable-next-line no-restricted-syntax
export const PACKAGE_DIR = path.resolve(__dirname, '..');
export const REPO_ROOT = path.resolve(PACKAGE_DIR, '../..');
export const DEFAULT_STATE_DIR = path.join(REPO_ROOT, '.cache/redis-sandbox');
export const DEFAULT_KUBECONFIG = path.join(REPO_ROOT, '.cache/k8s/kubeconfig');
