/**
 * Parties and contacts (contract §11) in the client: the answer, the links from a heat map cell
 * (a system's matrix filtered on the party, or the search across systems for that party and
 * cell) and the CSV export.
 */
import partiesQuery from './graph/agreements-parties-query.graphql';
import { deepFreeze, filterInput, request } from './api';
import { matrixCellHref } from './cell-target';
import { cellLabels } from './framework';
import { toCsv } from './export';
import { translate } from './i18n';
import { emptySelection, searchStateQuery } from './learning';
import type { Answer, CellKey, Filter, Lang } from './types';
import type { AfwPartiesQuery, AfwPartiesQueryVariables } from './generated/graphql';

/** Every party's `cells` follow the answer's `cells`. */
export type Parties = Answer<AfwPartiesQuery, 'parties'>;
export type PartyRow = Parties['parties'][number];
export type PartyContact = PartyRow['contacts'][number];

/** One system's parties (`system`), or those of every system of the framework; null when the reader sees no page of the system. */
export async function fetchParties(system: string | null, framework: string | null, filter: Filter): Promise<Parties | null> {
  const variables = { system, framework, filter: filterInput(filter) };
  return deepFreeze((await request<AfwPartiesQuery, AfwPartiesQueryVariables>(partiesQuery, variables)).parties);
}

/** A cell of one system's parties: that system's matrix filtered on the party, the cell shown. */
export function partyMatrixHref(parties: Parties, party: PartyRow, cell: CellKey, filter: Filter): string | null {
  if (!parties.system) return null;
  return matrixCellHref({ system: parties.system }, cell, { ...filter, parties: [party.key] });
}

/**
 * A cell across systems: the search (§8.2) for the party's agreements in that cell, in the search's
 * own URL state on this page (its search embed, or the one the parties view opens). A column cell
 * searches its column and layer; a chapter-wide cell its chapter and layer (the search has no
 * facet for a chapter-wide placement alone).
 */
export function partySearchHref(party: PartyRow, cell: CellKey, filter: Filter, anchor: string): string {
  const selection = emptySelection();
  selection.party = [party.key];
  if (cell.column === null) selection.chapter = [cell.chapter];
  else selection.column = [cell.column];
  selection.layer = [cell.layer];
  selection.theme = [...filter.themes];
  selection.status = [...filter.statuses];
  return `${window.location.pathname}?${searchStateQuery('', selection)}#${anchor}`;
}

/**
 * The parties as shown: per party its cells (one row each, the heat map's figure) and then each
 * contact with each of its agreements, a column `kind` telling the two apart.
 */
export function partiesCsv(parties: Parties, lang: Lang, systemTitle: (key: string) => string): string {
  const t = (key: string) => translate(lang, key);
  const acrossSystems = !parties.system;
  const rows: Array<Array<string | number>> = [
    [
      t('parties.party'),
      t('parties.name'),
      t('parties.declared'),
      t('parties.agreements'),
      t('parties.systems'),
      t('parties.kind'),
      t('export.chapter'),
      t('export.column'),
      t('export.layer'),
      t(acrossSystems ? 'parties.cellSystems' : 'export.count'),
      t('parties.contact'),
      t('export.title'),
      t('export.path'),
    ],
  ];
  for (const party of parties.parties) {
    const base = [party.key, party.name ?? '', t(party.declared ? 'export.yes' : 'export.no'), party.count, party.systems.map(systemTitle).join(', ')];
    parties.cells.forEach((cell, index) => {
      const names = cellLabels(parties.frameworkDetail, cell, lang);
      const value = party.cells[index];
      rows.push([...base, t('parties.kindCell'), names.chapter, names.column, names.layer, acrossSystems ? value.systems : value.count, '', '', '']);
    });
    for (const contact of party.contacts) {
      for (const ref of contact.agreements) rows.push([...base, t('parties.kindContact'), '', '', '', '', contact.name, ref.title, `${ref.locale}/${ref.path}`]);
    }
  }
  return toCsv(rows);
}
