import { RedisTab } from './components/RedisTab';

/** The legacy entity tab; the Redis tab itself explains the annotation an entity lacks. */
export function Router(props: { refreshIntervalMs?: number }) {
  return <RedisTab refreshIntervalMs={props.refreshIntervalMs} />;
}
