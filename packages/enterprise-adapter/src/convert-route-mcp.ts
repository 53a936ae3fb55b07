import { create } from '@bufbuild/protobuf';
import { type RouteMcp, revealSecret, type WithSecretInputs } from '@pomerium-unified/core';
import {
  type MCP,
  MCPClientSchema,
  MCPSchema,
  MCPServerSchema,
  OAuth2AuthStyle,
  OAuth2EndpointSchema,
  UpstreamOAuth2Schema,
} from '@pomerium-unified/enterprise-protos';
import { definedEntries, nonEmptyList, nonEmptyMap, nonEmptyString, reverse } from './convert-route-values.js';

const authStyles: Record<'in_params' | 'in_header', OAuth2AuthStyle> = {
  in_params: OAuth2AuthStyle.OAUTH2_AUTH_STYLE_IN_PARAMS,
  in_header: OAuth2AuthStyle.OAUTH2_AUTH_STYLE_IN_HEADER,
};

const authStyleNames = reverse(authStyles);

/**
 * Converts a console `MCP` into the core model (undefined when neither client nor
 * server is set); the client secret stays a string (the client wraps it).
 */
export function mcpFromProto(mcp: MCP): WithSecretInputs<RouteMcp> | undefined {
  if (mcp.mode.case === 'client') return { client: {} };
  if (mcp.mode.case !== 'server') return undefined;
  const server = mcp.mode.value;
  const oauth2 = server.upstreamOauth2;
  return {
    server: definedEntries({
      upstreamOAuth2: oauth2
        ? definedEntries({
            clientId: oauth2.clientId,
            clientSecret: oauth2.clientSecret,
            oauth2Endpoint: oauth2.oauth2Endpoint
              ? definedEntries({
                  authUrl: nonEmptyString(oauth2.oauth2Endpoint.authUrl),
                  tokenUrl: nonEmptyString(oauth2.oauth2Endpoint.tokenUrl),
                  authStyle:
                    oauth2.oauth2Endpoint.authStyle === undefined
                      ? undefined
                      : authStyleNames.get(oauth2.oauth2Endpoint.authStyle),
                })
              : undefined,
            scopes: nonEmptyList(oauth2.scopes),
            authorizationUrlParams: nonEmptyMap(oauth2.authorizationUrlParams),
          })
        : undefined,
      maxRequestBytes: server.maxRequestBytes,
      path: server.path,
      authorizationServerUrl: server.authorizationServerUrl,
    }),
  };
}

/** Converts a core MCP setting into a console `MCP` (the client secret revealed). */
export function mcpToProto(mcp: WithSecretInputs<RouteMcp>): MCP {
  if ('client' in mcp) return create(MCPSchema, { mode: { case: 'client', value: create(MCPClientSchema) } });
  const server = create(
    MCPServerSchema,
    definedEntries({
      maxRequestBytes: mcp.server.maxRequestBytes,
      path: mcp.server.path,
      authorizationServerUrl: mcp.server.authorizationServerUrl,
    }),
  );
  const oauth2 = mcp.server.upstreamOAuth2;
  if (oauth2) {
    server.upstreamOauth2 = create(UpstreamOAuth2Schema, {
      clientId: oauth2.clientId,
      clientSecret: revealSecret(oauth2.clientSecret) ?? '',
      scopes: oauth2.scopes ?? [],
      authorizationUrlParams: oauth2.authorizationUrlParams ?? {},
    });
    if (oauth2.oauth2Endpoint) {
      server.upstreamOauth2.oauth2Endpoint = create(OAuth2EndpointSchema, {
        authUrl: oauth2.oauth2Endpoint.authUrl ?? '',
        tokenUrl: oauth2.oauth2Endpoint.tokenUrl ?? '',
        ...(oauth2.oauth2Endpoint.authStyle ? { authStyle: authStyles[oauth2.oauth2Endpoint.authStyle] } : {}),
      });
    }
  }
  return create(MCPSchema, { mode: { case: 'server', value: server } });
}
