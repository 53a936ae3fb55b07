import { create } from '@bufbuild/protobuf';
import type { RouteRedirect } from '@pomerium-unified/core';
import {
  type RedirectAction,
  RedirectAction_RedirectResponseCode,
  RedirectAction_RegexMatchAndSubstituteSchema,
  RedirectActionSchema,
} from '@pomerium-unified/enterprise-protos';
import { definedEntries, nonEmptyString, reverse } from './convert-route-values.js';

/** HTTP status of a redirect ⇄ `RedirectAction.RedirectResponseCode`. */
export const redirectResponseCodes: Record<
  NonNullable<RouteRedirect['responseCode']>,
  RedirectAction_RedirectResponseCode
> = {
  301: RedirectAction_RedirectResponseCode.MOVED_PERMANENTLY,
  302: RedirectAction_RedirectResponseCode.FOUND,
  303: RedirectAction_RedirectResponseCode.SEE_OTHER,
  307: RedirectAction_RedirectResponseCode.TEMPORARY_REDIRECT,
  308: RedirectAction_RedirectResponseCode.PERMANENT_REDIRECT,
};

const redirectStatuses = reverse(redirectResponseCodes);

/** Converts a console `RedirectAction` into the core redirect, plus the Enterprise-only regex rewrite. */
export function redirectFromProto(redirect: RedirectAction): {
  redirect: RouteRedirect;
  regexRewrite?: { pattern: string; substitution: string };
} {
  const path = redirect.pathRewriteSpecifier;
  const scheme = redirect.schemeRewriteSpecifier;
  const result: RouteRedirect = definedEntries({
    hostRedirect: nonEmptyString(redirect.hostRedirect),
    pathRedirect: path.case === 'pathRedirect' ? path.value : undefined,
    prefixRewrite: path.case === 'prefixRewrite' ? path.value : undefined,
    httpsRedirect: scheme.case === 'httpsRedirect' ? scheme.value : undefined,
    schemeRedirect: scheme.case === 'schemeRedirect' ? scheme.value : undefined,
    portRedirect: redirect.portRedirect === 0 ? undefined : redirect.portRedirect,
    responseCode:
      redirect.responseCode === RedirectAction_RedirectResponseCode.MOVED_PERMANENTLY
        ? undefined
        : redirectStatuses.get(redirect.responseCode),
    stripQuery: redirect.stripQuery ? true : undefined,
  });
  if (path.case === 'regexRewrite') {
    return { redirect: result, regexRewrite: { pattern: path.value.pattern, substitution: path.value.substitution } };
  }
  return { redirect: result };
}

/** Converts a core redirect and the Enterprise-only regex rewrite into a console `RedirectAction`. */
export function redirectToProto(
  redirect: RouteRedirect | undefined,
  regexRewrite: { pattern: string; substitution: string } | undefined,
): RedirectAction | undefined {
  if (redirect === undefined && regexRewrite === undefined) return undefined;
  const value = redirect ?? {};
  const proto = create(RedirectActionSchema, {
    hostRedirect: value.hostRedirect ?? '',
    portRedirect: value.portRedirect ?? 0,
    stripQuery: value.stripQuery ?? false,
    responseCode: redirectResponseCodes[value.responseCode ?? 301],
  });
  if (value.pathRedirect !== undefined)
    proto.pathRewriteSpecifier = { case: 'pathRedirect', value: value.pathRedirect };
  else if (value.prefixRewrite !== undefined) {
    proto.pathRewriteSpecifier = { case: 'prefixRewrite', value: value.prefixRewrite };
  } else if (regexRewrite !== undefined) {
    proto.pathRewriteSpecifier = {
      case: 'regexRewrite',
      value: create(RedirectAction_RegexMatchAndSubstituteSchema, regexRewrite),
    };
  }
  if (value.httpsRedirect !== undefined) {
    proto.schemeRewriteSpecifier = { case: 'httpsRedirect', value: value.httpsRedirect };
  } else if (value.schemeRedirect !== undefined) {
    proto.schemeRewriteSpecifier = { case: 'schemeRedirect', value: value.schemeRedirect };
  }
  return proto;
}
