/**
 * Reading one or two systems (contract §5): frameworks, systems, the matrix and the comparison,
 * validation, where a page sits, and the index's health and rebuild for administrators.
 */
import { formatIssue, type AgreementRef, type Matrix, type MatrixCell } from '../domain';
import {
  MAX_GRAPHQL_INT,
  filterArg,
  keyArg,
  langFor,
  momentArg,
  optionalWholeNumberArg,
  pathArg,
  withHistoryErrors,
  type RequestScope,
  type ResolverGroup,
} from './inputs';
import { frameworkShape, issueShape, systemShape, type SystemShape } from './shapes';

/** Where the reader may start a new agreement: a cell's path (null: "Niet ingedeeld"), or undefined. */
type NewAgreementBase = (cell: MatrixCell | null) => string | undefined;

function matrixShape(matrix: Matrix, authoring?: { base: NewAgreementBase; locale: string }) {
  return {
    system: systemShape(matrix.system, matrix.framework),
    // Plain objects: every field below resolves with graphql's default resolver, synchronously.
    cells: authoring ? matrix.cells.map((cell) => ({ ...cell, newAgreementPath: () => authoring.base(cell) ?? null })) : matrix.cells,
    newAgreementPath: () => authoring?.base(null) ?? null,
    newAgreementLocale: authoring?.locale ?? matrix.system.locale ?? 'en',
    unplaced: matrix.unplaced,
    themes: matrix.themes,
    // Functions the default resolver calls only when their field is asked for; each walks the
    // agreements once, without copying lists (a large system has thousands).
    parties: () => {
      const parties = new Set<string>();
      for (const refs of [...matrix.cells.map((c) => c.agreements), matrix.unplaced]) {
        for (const ref of refs) for (const party of ref.parties) parties.add(party);
      }
      return [...parties].sort();
    },
    agreementCount: () => {
      const pageIds = new Set<number>();
      for (const cell of matrix.cells) for (const ref of cell.agreements) pageIds.add(ref.pageId);
      return pageIds.size;
    },
  };
}

/** `MatrixCell.agreements(first:)`: all of them, or the first `first`. */
function cellAgreements(cell: MatrixCell, args: Record<string, unknown>): AgreementRef[] {
  const first = optionalWholeNumberArg('first', args.first, 0, MAX_GRAPHQL_INT);
  return first === undefined ? cell.agreements : cell.agreements.slice(0, first);
}

export function readResolvers<Context>({ forRequest, optionalAuthoring }: RequestScope<Context>): ResolverGroup<Context> {
  return {
    query: {
      async frameworks(_parent, _args, context) {
        const { systems, user } = await forRequest(context);
        return (await systems.frameworks(user)).map(frameworkShape);
      },
      async systems(_parent, _args, context) {
        const { systems, user } = await forRequest(context);
        return (await systems.systems(user)).map((s) => systemShape(s));
      },
      async system(_parent, args, context) {
        const key = keyArg('key', args.key);
        const { systems, user } = await forRequest(context);
        const info = await systems.system(user, key);
        return info ? systemShape(info) : null;
      },
      async matrix(_parent, args, context) {
        const system = keyArg('system', args.system);
        const filter = filterArg(args.filter);
        const asOf = momentArg('asOf', args.asOf);
        const { systems, user } = await forRequest(context);
        const matrix = await withHistoryErrors(user, () => systems.matrix(user, system, filter, asOf));
        if (!matrix) return null;
        // A matrix of the past offers no new agreement: creating is for the system as it stands.
        const authoring = asOf === undefined ? await optionalAuthoring(context) : undefined;
        return matrixShape(
          matrix,
          authoring && { base: (cell) => authoring.newAgreementBase(user, matrix.system, cell), locale: authoring.localeOf(matrix.system) },
        );
      },
      async compare(_parent, args, context) {
        const [a, b, filter] = [keyArg('a', args.a), keyArg('b', args.b), filterArg(args.filter)];
        const [asOfA, asOfB] = [momentArg('asOfA', args.asOfA), momentArg('asOfB', args.asOfB)];
        const { systems, user } = await forRequest(context);
        const comparison = await withHistoryErrors(user, () => systems.compare(user, a, b, filter, asOfA, asOfB));
        return comparison ? { ...comparison, a: systemShape(comparison.a), b: systemShape(comparison.b) } : null;
      },
      async validate(_parent, args, context) {
        const system = keyArg('system', args.system);
        const { systems, user } = await forRequest(context);
        const lang = langFor(args.lang, user);
        return (await systems.validate(user, system)).map((issue) => issueShape(issue.code, issue.severity, issue, formatIssue(issue, lang)));
      },
      async pageContext(_parent, args, context) {
        const [path, locale] = [pathArg('path', args.path), keyArg('locale', args.locale)];
        const { systems, user } = await forRequest(context);
        const result = await systems.pageContext(user, path, locale);
        return {
          pageId: result.pageId ?? null,
          placements: result.placements.map((p) => ({ ...p, system: systemShape(p.system), status: p.status ?? null, theme: p.theme ?? null })),
        };
      },
      async indexStatus(_parent, _args, context) {
        const { index } = await forRequest(context);
        return index.indexStatus();
      },
    },
    mutation: {
      async reindex(_parent, _args, context) {
        const { index } = await forRequest(context);
        try {
          return { succeeded: true, ...(await index.reindex()), message: null };
        } catch (err) {
          // Errors the administrator can act on come back as data, the Wiki.js mutation convention.
          return { succeeded: false, pages: 0, changed: 0, message: err instanceof Error ? err.message : String(err) };
        }
      },
    },
    types: systemTypeResolvers(forRequest),
  };
}

/** Resolvers of the read answers' own types: a cell's agreements, a system's framework and write right. */
function systemTypeResolvers<Context>(forRequest: RequestScope<Context>['forRequest']): ResolverGroup<Context>['types'] {
  return {
    MatrixCell: {
      agreements: (cell, args) => cellAgreements(cell as MatrixCell, args),
    },
    AgreementSystem: {
      async frameworkDetail(parent, _args, context) {
        const system = parent as SystemShape;
        if (system.frameworkObject) return frameworkShape(system.frameworkObject);
        const { systems, user } = await forRequest(context);
        const frameworks = await systems.frameworks(user);
        return frameworkShape(frameworks.find((f) => f.key === system.framework) ?? frameworks[0]);
      },
      async canWrite(parent, _args, context) {
        const system = parent as SystemShape;
        if (system.pagePath === undefined || system.locale === undefined) return false;
        const { systems, user } = await forRequest(context);
        return systems.canWritePage(user, system.pagePath, system.locale);
      },
    },
  };
}
