/**
 * Time for one reader: the history of the index (contract §9: when it began, what changed) and
 * the upkeep of agreements (§10: reviews due, stale pages).
 */
import {
  buildMaintenance,
  type Maintenance,
} from '../domain';
import type { HostUser } from '../host/types';
import type { MaintenanceQuery } from './types';
import type { ChangesResult } from './history';
import type { AgreementReader } from './agreement-service';

export class TimeService {
  constructor(private readonly reader: AgreementReader) {}

  /** When the history of the index began (contract §9.1). */
  async historyInfo(): Promise<{ startsAt: string }> {
    return { startsAt: await this.reader.history.startsAt() };
  }

  /** The net difference of a system between two moments (contract §9.3). */
  async changes(user: HostUser, system: string, since: string, until?: string | null): Promise<ChangesResult | undefined> {
    return this.reader.history.changes(this.reader.readerCheck(user), system, since, until);
  }

  /** Contract §10: upkeep of one system, or of every system the reader sees. */
  async maintenance(user: HostUser, query: MaintenanceQuery): Promise<Maintenance> {
    const options = { ...query, today: this.reader.today() };
    const { catalog, pages } = query.system !== undefined ? await this.reader.catalogFor(user, [query.system]) : await this.reader.wholeCatalogAndPages(user);
    return buildMaintenance(catalog, pages, options);
  }
}
