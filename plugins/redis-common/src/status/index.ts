export * from './types';
export * from './nodes';
