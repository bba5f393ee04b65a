/** The indexer: what hooks and boot call to keep the `agr_*` index in line with Wiki.js. */
export * from './indexer';
export { WikiPageSource, type SourceEntry, type SourceFingerprint } from './wiki-source';
export { LEASE_KEY, type LeaseState } from './lease';
