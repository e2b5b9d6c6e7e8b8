/**
 * The shapes search answers with — defined with the contract (main/api/search.ts) so the UI and
 * the CLI see the same types; re-exported here for the search module.
 */
export type * from '../../api/search';
