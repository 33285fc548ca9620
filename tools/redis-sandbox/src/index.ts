// The sandbox's stand-in for the Opstree Redis Operator and the kubelet; tests start one with startSandbox.
export { startSandbox } from './testing';
export type { RunningSandbox, SandboxOptions } from './testing';
export { SANDBOX_NODES } from './controller';
