/** The index's health and its rebuild, for administrators. */
import type { IndexStatus, ReindexResult } from './types';
import type { AgreementReader } from './agreement-service';

export class IndexService {
  constructor(private readonly reader: AgreementReader) {}

  async indexStatus(): Promise<IndexStatus> {
    const { store, indexer } = this.reader.options;
    const [counts, status] = await Promise.all([store.counts(), indexer?.status()]);
    return {
      pages: counts.pages,
      relevantPages: counts.relevantPages,
      lastReconciliation: status?.lastReconciliation?.finishedAt,
      reconciling: status?.reconciling ?? false,
    };
  }

  /** A forced reconciliation: every page re-read (administrators' "reindex"). */
  async reindex(): Promise<ReindexResult> {
    if (!this.reader.options.indexer) throw new Error('No indexer available');
    const result = await this.reader.options.indexer.reconcile({ force: true });
    if (result.status !== 'done') throw new Error(`Reindex ${result.status}${result.holder ? ` (${result.holder})` : ''}`);
    return { pages: result.scanned, changed: result.added + result.updated + result.removed };
  }
}
