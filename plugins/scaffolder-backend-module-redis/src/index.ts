/**
 * Scaffolder actions redis:render and redis:apply.
 *
 * @packageDocumentation
 */

export { scaffolderModuleRedis as default } from './module';
export { createRedisRenderAction } from './actions/render';
export { createRedisApplyAction, instanceAnnotations } from './actions/apply';
