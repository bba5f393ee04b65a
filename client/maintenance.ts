/** Upkeep (contract §10) in the client: its requests, shapes and CSV export. */
import maintenanceQuery from './graph/agreements-maintenance-query.graphql';
import canWriteQuery from './graph/agreements-can-write-query.graphql';
import { deepFreeze, request } from './api';
import { toCsv } from './export';
import { translate } from './i18n';
import type { Answer, Lang } from './types';
import type { AfwCanWriteQuery, AfwCanWriteQueryVariables, AfwMaintenanceItemFragment, AfwMaintenanceQuery, AfwMaintenanceQueryVariables } from './generated/graphql';

export type MaintenanceItem = AfwMaintenanceItemFragment;
export type Maintenance = Answer<AfwMaintenanceQuery, 'maintenance'>;

/** The lists in the order they are shown, by their names in the API. */
export const MAINTENANCE_LISTS = ['overdue', 'dueSoon', 'withoutOwner', 'stale', 'unplaced'] as const;
export type MaintenanceList = (typeof MAINTENANCE_LISTS)[number];

/** The upkeep of one system, or of every system the reader sees (`null`). */
export async function fetchMaintenance(system: string | null): Promise<Maintenance> {
  return deepFreeze((await request<AfwMaintenanceQuery, AfwMaintenanceQueryVariables>(maintenanceQuery, { system })).maintenance);
}

/** Whether the reader may edit the system's page: only writers get the upkeep tab. */
export async function fetchCanWrite(key: string): Promise<boolean> {
  return (await request<AfwCanWriteQuery, AfwCanWriteQueryVariables>(canWriteQuery, { key })).system?.canWrite === true;
}

/** One row per item and list it is on (an agreement can be overdue and without owner too). */
export function maintenanceCsv(maintenance: Maintenance, lang: Lang): string {
  const t = (key: string) => translate(lang, key);
  const rows: Array<Array<string | number>> = [
    [t('maintenance.list'), t('export.title'), t('export.path'), t('export.status'), t('maintenance.systems'), t('maintenance.owner'), t('maintenance.reviewBy'), t('maintenance.updatedAt')],
  ];
  for (const list of MAINTENANCE_LISTS) {
    for (const item of maintenance[list]) {
      const { agreement } = item;
      rows.push([
        t(`maintenance.${list}`),
        agreement.title,
        `${agreement.locale}/${agreement.path}`,
        t(`statuses.${agreement.status}`),
        item.systems.join(', '),
        item.owner ?? '',
        item.reviewBy ?? '',
        item.updatedAt.slice(0, 10),
      ]);
    }
  }
  return toCsv(rows);
}
