/**
 * Creating and placing agreements (contract §7.1, §7.2). A bad argument (wrong size or shape) is a
 * GraphQL error as everywhere; what the author can fix in the form (an unknown value, a path
 * Wiki.js refuses, a page that exists) comes back as data (`succeeded: false`, a stable
 * `errorCode`, a message in the reader's language), the Wiki.js mutation convention, so the
 * dialog can show it next to the form.
 */
import { translate, type Lang } from '../domain';
import { AuthoringError, type WrittenPage } from '../service/authoring-service';
import { keyArg, langFor, newAgreementInputArg, newSystemInputArg, pageIdArg, pathArg, placementInputArg, type RequestScope, type ResolverGroup } from './inputs';

function errorMessage(err: unknown, lang: Lang): { errorCode: string; message: string } {
  if (AuthoringError.is(err)) {
    const params = { ...err.params };
    if (params.problem) params.problem = translate(lang, `authoring.pathProblem.${params.problem}`);
    return { errorCode: err.code, message: translate(lang, `authoring.error.${err.code}`, params) };
  }
  return { errorCode: 'failed', message: translate(lang, 'authoring.error.failed', { detail: err instanceof Error ? err.message : String(err) }) };
}

/** Runs one write and answers in the Wiki.js result shape. */
async function result(lang: Lang, successKey: string, run: () => Promise<WrittenPage>) {
  try {
    const page = await run();
    return { succeeded: true, errorCode: null, message: translate(lang, successKey, { path: page.path }), ...page };
  } catch (err) {
    return { succeeded: false, ...errorMessage(err, lang), pageId: null, path: null, locale: null };
  }
}

/** The `lang` of a mutation's input object (GraphQL has checked it is an object). */
function inputLang(value: unknown): unknown {
  return value && typeof value === 'object' ? (value as Record<string, unknown>).lang : undefined;
}

export function authoringResolvers<Context>({ authoringFor }: RequestScope<Context>): ResolverGroup<Context> {
  return {
    query: {
      async placement(_parent, args, context) {
        const [path, locale] = [pathArg('path', args.path), keyArg('locale', args.locale)];
        const { authoring, user } = await authoringFor(context);
        return (await authoring.placementEditor(user, path, locale)) ?? null;
      },
    },
    mutation: {
      async createAgreement(_parent, args, context) {
        const input = newAgreementInputArg(args.input);
        const { authoring, user } = await authoringFor(context);
        return result(langFor(inputLang(args.input), user), 'authoring.created', () => authoring.createAgreement(user, input));
      },
      async createAgreementSystem(_parent, args, context) {
        const input = newSystemInputArg(args.input);
        const { authoring, user } = await authoringFor(context);
        return result(langFor(inputLang(args.input), user), 'authoring.created', () => authoring.createSystem(user, input));
      },
      async updatePlacement(_parent, args, context) {
        const [pageId, placement] = [pageIdArg('pageId', args.pageId), placementInputArg(args.placement)];
        const { authoring, user } = await authoringFor(context);
        return result(langFor(inputLang(args.placement), user), 'authoring.placementSaved', () => authoring.updatePlacement(user, pageId, placement));
      },
    },
  };
}
