/**
 * Re-export of engine/model/events for the replay core.
 *
 * Why this file exists: the ESLint rule that keeps Node built-ins out of the pure engine lists
 * `events` (Node's module) as a gitignore-style pattern, which also matches the relative path
 * `../model/events`. Until that pattern is anchored (e.g. `paths: ['events', 'node:events']`),
 * this single import carries the exception; delete the file and import the model directly then.
 */
// eslint-disable-next-line no-restricted-imports -- engine/model/events is pure engine code, not Node's `events`
export * from '../model/events';
