/**
 * Resolvers of the authoring part of agreements.graphql (contract §7.1, §7.2). Refusals come back
 * as data (`succeeded: false`, a stable `errorCode`, a message in the reader's language), the
 * Wiki.js mutation convention, so the dialog can show them next to the form.
 */
import { isLang, langOf, translate, type Lang } from '../domain';
import type { HostUser } from '../host/types';
import { AuthoringError, type AuthoringService, type NewAgreementInput, type NewSystemInput, type PlacementInput, type WrittenPage } from '../service/authoring-service';

/** The authoring service and the reader of one request. */
export type AuthoringRequest<Context> = (context: Context) => Promise<{ authoring: AuthoringService; user: HostUser }>;

type Resolver<Context> = (parent: unknown, args: Record<string, unknown>, context: Context) => unknown;

function langFor(input: Record<string, unknown>, user: HostUser): Lang {
  return isLang(input.lang) ? input.lang : langOf(user.locale);
}

function errorMessage(err: unknown, lang: Lang): { errorCode: string; message: string } {
  if (err instanceof AuthoringError) {
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

/** An input object (GraphQL has checked its fields' types against the SDL). */
function inputOf(args: Record<string, unknown>, name: string): Record<string, unknown> {
  const value = args[name];
  return value && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}

export function authoringResolvers<Context>(forRequest: AuthoringRequest<Context>) {
  const query: Record<string, Resolver<Context>> = {
    async placement(_parent, args, context) {
      const { authoring, user } = await forRequest(context);
      if (typeof args.path !== 'string' || typeof args.locale !== 'string' || args.path.length > 1000) return null;
      return (await authoring.placementEditor(user, args.path, args.locale)) ?? null;
    },
  };
  const mutation: Record<string, Resolver<Context>> = {
    async createAgreement(_parent, args, context) {
      const { authoring, user } = await forRequest(context);
      const input = inputOf(args, 'input');
      return result(langFor(input, user), 'authoring.created', () => authoring.createAgreement(user, input as unknown as NewAgreementInput));
    },
    async createAgreementSystem(_parent, args, context) {
      const { authoring, user } = await forRequest(context);
      const input = inputOf(args, 'input');
      return result(langFor(input, user), 'authoring.created', () => authoring.createSystem(user, input as unknown as NewSystemInput));
    },
    async updatePlacement(_parent, args, context) {
      const { authoring, user } = await forRequest(context);
      const input = inputOf(args, 'placement');
      return result(langFor(input, user), 'authoring.placementSaved', () => authoring.updatePlacement(user, Number(args.pageId), input as unknown as PlacementInput));
    },
  };
  return { query, mutation };
}
