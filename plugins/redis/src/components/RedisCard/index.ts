export { RedisCard } from './RedisCard';
export type { RedisCardProps } from './RedisCard';
export { RedisCardView } from './RedisCardView';
export type { RedisCardViewProps } from './RedisCardView';
