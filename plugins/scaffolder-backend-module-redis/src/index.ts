/**
 * Scaffolder actions redis:render and redis:apply, as the module `scaffolderModuleRedis` adds them.
 *
 * @packageDocumentation
 */

export { scaffolderModuleRedis as default } from './module';
export { instanceAnnotations } from './actions/apply';
