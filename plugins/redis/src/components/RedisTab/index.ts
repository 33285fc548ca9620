export { RedisTab } from './RedisTab';
export type { RedisTabProps } from './RedisTab';
export { RedisTabView } from './RedisTabView';
export type { RedisTabViewProps } from './RedisTabView';
