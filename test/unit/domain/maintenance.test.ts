import { expect } from 'chai';
import { addDays, buildMaintenance, type Maintenance, type MaintenanceItem, type SourcePage } from '../../../server/domain';
import { agreement, catalogOf, factsOf, fence, systemPage } from './builders';

/** The pinned "today" of every expectation below; each date is worked out by hand from it. */
const TODAY = '2024-06-01';
const FRESH = '2024-05-20T08:00:00.000Z';

/** An agreement page with a title, an update time and an `afspraak` block of the lines given. */
function upkeep(id: number, systems: string[], title: string, tags: string[], block: string[], updatedAt = FRESH): SourcePage {
  const [first, ...others] = systems;
  return {
    ...agreement(id, first, [...others.map((s) => `stelsel:${s}`), ...tags], { title, content: block.length ? fence('afspraak', ...block) : '' }),
    updatedAt,
  };
}

const PLACED = ['kolom:dienstverlening', 'laag:werkafspraken'];

const PAGES: SourcePage[] = [
  systemPage(1, 'alpha'),
  systemPage(2, 'beta'),
  upkeep(10, ['alpha'], 'Bewegen', [...PLACED, 'status:vastgesteld'], ['eigenaar: POH', 'herzien-voor: 2024-05-31']), // yesterday: overdue
  upkeep(11, ['alpha', 'beta'], 'Aanmelden', [...PLACED, 'status:vastgesteld'], ['eigenaar: Buurtteam', 'herzien-voor: 2024-01-15']),
  upkeep(12, ['alpha'], 'Casusoverleg', [...PLACED, 'status:vastgesteld'], ['herzien-voor: 2024-07-31']), // today + 60; no owner
  upkeep(13, ['alpha'], 'Dossier', [...PLACED, 'status:gevalideerd'], ['eigenaar: GGZ', 'herzien-voor: 2024-06-01']), // today
  upkeep(14, ['alpha'], 'Evaluatie', [...PLACED, 'status:vastgesteld'], ['eigenaar: GGZ', 'herzien-voor: 2024-08-01']), // today + 61
  // 2023-12-03 is 181 days before 2024-06-01 (2024 is a leap year), 2023-12-04 is 180.
  upkeep(15, ['alpha'], 'Flexpool', [...PLACED, 'status:concept'], ['eigenaar: Gemeente'], '2023-12-03T12:00:00.000Z'),
  // 2023-12-04 in UTC, although it is the 5th where it was written.
  upkeep(16, ['alpha'], 'Gesprek', [...PLACED, 'status:in-de-maak'], ['eigenaar: Gemeente'], '2023-12-05T00:30:00+02:00'),
  upkeep(17, ['alpha'], 'Huisbezoek', [...PLACED, 'status:vervallen'], ['herzien-voor: 2020-01-01'], '2020-01-01T00:00:00.000Z'),
  upkeep(18, ['alpha'], 'Intake', ['kolom:borgen', 'status:concept'], [], '2024-05-01T00:00:00.000Z'), // unplaced, no owner
  upkeep(19, ['beta'], 'Jeugd', ['kolom:foo', 'kolom:leren', 'laag:normen', 'status:vastgesteld'], ['eigenaar: CJG', 'herzien-voor: 2024-02-01']),
  upkeep(21, ['alpha'], 'Klachten', ['kolom:dienstverlening', 'hoofdstuk:duurzaamheid', 'laag:normen', 'status:vastgesteld'], ['eigenaar: Huisarts']),
  // As a new agreement from the matrix starts (§7.1): empty owner and review date.
  upkeep(22, ['alpha'], 'Leeg', [...PLACED, 'status:concept'], ['eigenaar:', 'herzien-voor:']),
];

function maintenance(options: { system?: string; dueWithinDays?: number; staleAfterDays?: number } = {}, pages = PAGES): Maintenance {
  return buildMaintenance(catalogOf(...pages), factsOf(...pages), { today: TODAY, ...options });
}

const titles = (items: MaintenanceItem[]) => items.map((i) => i.agreement.title);

describe('upkeep (maintenance, contract §10)', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2024-06-01', 60)).to.equal('2024-07-31');
    expect(addDays('2024-06-01', -180)).to.equal('2023-12-04');
    expect(addDays('2023-12-31', 1)).to.equal('2024-01-01');
  });

  describe('of one system', () => {
    const alpha = maintenance({ system: 'alpha' });

    it('lists reviews before today as overdue, ordered by review date', () => {
      expect(titles(alpha.overdue)).to.deep.equal(['Aanmelden', 'Bewegen']);
      expect(alpha.overdue.map((i) => i.reviewBy)).to.deep.equal(['2024-01-15', '2024-05-31']);
    });

    it('lists reviews from today to today + 60 days as due soon, both ends included, by review date', () => {
      expect(titles(alpha.dueSoon)).to.deep.equal(['Dossier', 'Casusoverleg']);
    });

    it('lists agreements whose block names no owner (or an empty one), by title', () => {
      expect(titles(alpha.withoutOwner)).to.deep.equal(['Casusoverleg', 'Intake', 'Leeg']);
    });

    it('lists drafts not updated for more than 180 days (in UTC) as stale', () => {
      expect(titles(alpha.stale)).to.deep.equal(['Flexpool']);
      expect(alpha.stale[0].updatedAt).to.equal('2023-12-03T12:00:00.000Z');
    });

    it('lists the unplaced agreements as the matrix does', () => {
      expect(titles(alpha.unplaced)).to.deep.equal(['Intake']);
    });

    it('counts the validation errors of the system only', () => {
      expect(alpha.errors).to.equal(1); // Klachten: a column of another chapter than its hoofdstuk tag
      expect(maintenance({ system: 'beta' }).errors).to.equal(1); // Jeugd: kolom:foo
    });

    it('leaves retired agreements out of every list', () => {
      const all = [alpha.overdue, alpha.dueSoon, alpha.withoutOwner, alpha.stale, alpha.unplaced].flat();
      expect(all.map((i) => i.agreement.pageId)).not.to.include(17);
    });

    it('carries owner, review date, update time and only the systems in scope', () => {
      const item = alpha.overdue[0];
      expect(item).to.deep.include({ systems: ['alpha'], owner: 'Buurtteam', reviewBy: '2024-01-15', updatedAt: FRESH });
      expect(item.agreement).to.include({ pageId: 11, path: 'p/11', locale: 'nl', status: 'vastgesteld' });
    });

    it('answers an unknown system with empty lists and no errors', () => {
      expect(maintenance({ system: 'gamma' })).to.deep.equal({ overdue: [], dueSoon: [], withoutOwner: [], stale: [], unplaced: [], errors: 0 });
    });
  });

  describe('of all systems', () => {
    const all = maintenance();

    it('lists an agreement of several systems once, with all its systems', () => {
      expect(titles(all.overdue)).to.deep.equal(['Aanmelden', 'Jeugd', 'Bewegen']);
      expect(all.overdue.map((i) => i.systems)).to.deep.equal([['alpha', 'beta'], ['beta'], ['alpha']]);
    });

    it('counts every error the reader sees once', () => {
      expect(all.errors).to.equal(2);
    });

    it('keeps the other lists as those of the systems together', () => {
      expect(titles(all.dueSoon)).to.deep.equal(['Dossier', 'Casusoverleg']);
      expect(titles(all.withoutOwner)).to.deep.equal(['Casusoverleg', 'Intake', 'Leeg']);
      expect(titles(all.unplaced)).to.deep.equal(['Intake']);
    });
  });

  describe('with other horizons', () => {
    it('dueWithinDays 0 keeps only reviews due today; 61 reaches one day further', () => {
      expect(titles(maintenance({ dueWithinDays: 0 }).dueSoon)).to.deep.equal(['Dossier']);
      expect(titles(maintenance({ dueWithinDays: 61 }).dueSoon)).to.deep.equal(['Dossier', 'Casusoverleg', 'Evaluatie']);
    });

    it('staleAfterDays 179 adds the draft of exactly 180 days; 0 lists every draft', () => {
      expect(titles(maintenance({ staleAfterDays: 179 }).stale)).to.deep.equal(['Flexpool', 'Gesprek']);
      expect(titles(maintenance({ staleAfterDays: 0 }).stale)).to.deep.equal(['Flexpool', 'Gesprek', 'Intake', 'Leeg']);
    });

    it('counts a draft without a known update time as stale', () => {
      const pages = [systemPage(1, 'alpha'), { ...upkeep(30, ['alpha'], 'Ouder', [...PLACED, 'status:concept'], ['eigenaar: X']), updatedAt: undefined }];
      const result = maintenance({}, pages);
      expect(titles(result.stale)).to.deep.equal(['Ouder']);
      expect(result.stale[0].updatedAt).to.equal('');
    });

    it('breaks ties in review date by title', () => {
      const pages = [
        systemPage(1, 'alpha'),
        upkeep(31, ['alpha'], 'Zorgpad', PLACED, ['herzien-voor: 2024-03-01']),
        upkeep(32, ['alpha'], 'Afstemming', PLACED, ['herzien-voor: 2024-03-01']),
      ];
      expect(titles(maintenance({}, pages).overdue)).to.deep.equal(['Afstemming', 'Zorgpad']);
    });
  });
});
