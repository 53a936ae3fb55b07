import {
  createMemoryBackend,
  createPomeriumClient,
  findPplIssues,
  PomeriumError,
  type PplInput,
  pplBuilders,
  pplEquals,
  stringifyPplCanonical,
  type TypedPpl,
} from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';

const {
  accept,
  allow,
  and,
  authenticatedUser,
  claim,
  clientCertificate,
  corsPreflight,
  deny,
  device,
  domain,
  email,
  groups,
  httpMethod,
  httpPath,
  invalidClientCertificate,
  mcpTool,
  nor,
  not,
  or,
  reject,
  sourceIp,
  sshCa,
  sshPublicKey,
  sshUsername,
  sshUsernameMatchesClaim,
  sshUsernameMatchesEmail,
  user,
} = pplBuilders;

const sshKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ1c3RlZA user@host';

function expectSameJson(built: PplInput, hand: PplInput): void {
  expect(pplEquals(built, hand)).toBe(true);
  expect(stringifyPplCanonical(built)).toBe(stringifyPplCanonical(hand));
  expect(findPplIssues(built)).toEqual([]);
}

describe('PPL builders', () => {
  it('build the same canonical JSON as hand-written PPL', () => {
    expectSameJson(allow(or(email.is('a@b.com'), domain.is('example.com'))), {
      allow: { or: [{ email: { is: 'a@b.com' } }, { domain: { is: 'example.com' } }] },
    });
    expectSameJson(
      [
        allow(and(claim('groups').has('admin'), httpMethod.is('GET')), or(accept())),
        deny(or(httpPath.startsWith('/admin'), sourceIp('10.0.0.0/8', '2001:db8::/32'))),
      ],
      [
        {
          allow: {
            or: [{ accept: true }],
            and: [{ 'claim/groups': { has: 'admin' } }, { http_method: { is: 'GET' } }],
          },
        },
        { deny: { or: [{ http_path: { starts_with: '/admin' } }, { source_ip: ['10.0.0.0/8', '2001:db8::/32'] }] } },
      ],
    );
    expectSameJson(
      { ...allow(not(groups.exclude('g')), nor(user.not('u'))), ...deny(or(invalidClientCertificate())) },
      {
        allow: { not: [{ groups: { exclude: 'g' } }], nor: [{ user: { not: 'u' } }] },
        deny: { or: [{ invalid_client_certificate: true }] },
      },
    );
  });

  it('cover every criterion and operator', () => {
    const built = allow(
      or(
        authenticatedUser(),
        corsPreflight(),
        reject(),
        sshUsernameMatchesEmail(),
        email.endsWith('@x.io'),
        email.contains('@'),
        email.in(['a@x.io']),
        email.notIn(['b@x.io']),
        email.matches({ ends_with: '@x.io', not: 'c@x.io' }),
        groups.is('only'),
        groups.matches({ has: 'a', exclude: 'b' }),
        claim('example.com/roles').is('x'),
        mcpTool.in(['search']),
        sshUsername.is('deploy'),
        sshPublicKey(sshKey),
        sshCa(sshKey),
        sshUsernameMatchesClaim('preferred_username'),
        clientCertificate({ san_dns: { ends_with: '.example.com' } }),
        device({ type: 'enclave_only', approved: true }),
        device(),
      ),
    );
    expectSameJson(built, {
      allow: {
        or: [
          { authenticated_user: true },
          { cors_preflight: true },
          { reject: true },
          { ssh_username_matches_email: true },
          { email: { ends_with: '@x.io' } },
          { email: { contains: '@' } },
          { email: { in: ['a@x.io'] } },
          { email: { not_in: ['b@x.io'] } },
          { email: { not: 'c@x.io', ends_with: '@x.io' } },
          { groups: { is: 'only' } },
          { groups: { exclude: 'b', has: 'a' } },
          { 'claim/example.com/roles': { is: 'x' } },
          { mcp_tool: { in: ['search'] } },
          { ssh_username: { is: 'deploy' } },
          { ssh_publickey: [sshKey] },
          { ssh_ca: [sshKey] },
          { ssh_username_matches_claim: 'preferred_username' },
          { client_certificate: { san_dns: { ends_with: '.example.com' } } },
          { device: { approved: true, type: 'enclave_only' } },
          { device: {} },
        ],
      },
    });
  });

  it('refuse two blocks with one operator, which would change the meaning', () => {
    expect(() => allow(and(accept()), and(reject()))).toThrow(PomeriumError);
    expect(() => deny(or(accept()), or(reject()))).toThrow(expect.objectContaining({ field: 'deny.or' }));
  });

  it('type-check as typed PPL, where a misspelt criterion is a compile error', async () => {
    const typed: TypedPpl = [allow(or(email.is('a@b.com')))];
    // @ts-expect-error emial is not a criterion
    const misspelt: TypedPpl = { allow: { or: [{ emial: { is: 'a@b.com' } }] } };
    // @ts-expect-error has is a list operator, not a string operator
    const wrongOperator: TypedPpl = { allow: { or: [{ email: { has: 'a@b.com' } }] } };
    expect(findPplIssues(misspelt)).toHaveLength(1);
    expect(findPplIssues(wrongOperator)).toHaveLength(1);
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    const namespace = await client.namespaces.create({ name: 'n' });
    const policy = await client.policies.create({ namespaceId: namespace.id, name: 'p', ppl: typed });
    expect(policy.ppl).toEqual([{ allow: { or: [{ email: { is: 'a@b.com' } }] } }]);
  });
});
