import {
  createMemoryBackend,
  createPomeriumClient,
  findPplIssues,
  findUnknownPplCriteria,
  isValidPpl,
  normalizePpl,
  type PomeriumBackend,
  PomeriumError,
  type PplInput,
  pplCriterionKinds,
  pplEquals,
} from '@pomerium-unified/core';
import { describe, expect, it } from 'vitest';

const fingerprint = 'ab'.repeat(32);
const colonFingerprint = Array.from({ length: 32 }, () => 'AB').join(':');
const spkiHash = Buffer.alloc(32, 7).toString('base64');
const sshKey = 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGJ1c3RlZA user@host';

/** One valid criterion per registered name, with the matcher forms the reference lists. */
const validCriteria = [
  { accept: true },
  { authenticated_user: true },
  { 'claim/groups': 'admins' },
  { 'claim/example.com/roles': { has: 'x', exclude: 'y', is: 'z' } },
  { client_certificate: { fingerprint, spki_hash: [spkiHash], san_email: { ends_with: '@x.io' }, san_dns: 'a' } },
  { client_certificate: { fingerprint: [colonFingerprint], san_uri: { starts_with: 'spiffe://' } } },
  { client_certificate: {} },
  { cors_preflight: null },
  { device: { type: 'enclave_only', approved: true, is: 'credential-id' } },
  { device: {} },
  { domain: 'example.com' },
  { email: { in: ['a@x.io', 'b@x.io'], not_in: [] } },
  { email: { is: 'a@x.io', not: 'b@x.io', starts_with: 'a', ends_with: '.io', contains: '@' } },
  { groups: { has: 'g1' } },
  { http_method: { is: 'GET' } },
  { http_path: { starts_with: '/admin' } },
  { invalid_client_certificate: true },
  { mcp_tool: { in: ['search'] } },
  { reject: true },
  { source_ip: '10.0.0.0/8' },
  { source_ip: ['192.168.1.1', '2001:db8::/32', '::1', '::ffff:10.0.0.1/128'] },
  { ssh_ca: sshKey },
  { ssh_publickey: [sshKey] },
  { ssh_username: { is: 'deploy' } },
  { ssh_username_matches_claim: 'preferred_username' },
  { ssh_username_matches_email: true },
  { user: 'user-id' },
];

function oneCriterion(criterion: object): PplInput {
  return { allow: { or: [criterion] } } as PplInput;
}

describe('PPL criteria validation', () => {
  it('knows exactly the 21 criteria Pomerium Core registers', () => {
    expect(Object.keys(pplCriterionKinds)).toHaveLength(21);
    const covered = new Set(validCriteria.map((criterion) => Object.keys(criterion)[0]!.split('/')[0]));
    expect([...covered].sort()).toEqual(Object.keys(pplCriterionKinds).sort());
  });

  it.each(validCriteria.map((criterion) => [Object.keys(criterion)[0], criterion]))(
    'accepts %s',
    (_name, criterion) => {
      expect(findPplIssues(oneCriterion(criterion))).toEqual([]);
    },
  );

  it.each([
    ['emial', 'email'],
    ['Email', 'email'],
    ['domian', 'domain'],
    ['group', 'groups'],
    ['httpMethod', 'http_method'],
    ['http-path', 'http_path'],
    ['sourceip', 'source_ip'],
    ['authenticated_users', 'authenticated_user'],
    ['claims/groups', 'claim/groups'],
  ])('refuses the unknown criterion %s and suggests %s', (typo, suggestion) => {
    const issues = findPplIssues([{ allow: { or: [{ accept: true }, { [typo]: 'x' }] } }]);
    expect(issues).toEqual([
      {
        path: 'ppl[0].allow.or[1]',
        message: `unknown criterion "${typo.split('/')[0]}"; did you mean "${suggestion}"?`,
        code: 'unknown_criterion',
        suggestion,
      },
    ]);
  });

  it('refuses a name far from every criterion without a suggestion', () => {
    const [issue] = findPplIssues(oneCriterion({ pomerium_routes: true }));
    expect(issue).toMatchObject({ path: 'ppl.allow.or[0]', code: 'unknown_criterion' });
    expect(issue?.suggestion).toBeUndefined();
  });

  it.each([
    ['an unknown string operator', { email: { iss: 'a' } }, 'ppl.allow.or[0].email', 'did you mean "is"?'],
    ['a list operator on a string', { email: { has: 'a' } }, 'ppl.allow.or[0].email', 'unknown string matcher'],
    ['a string operator on a list', { groups: { in: ['a'] } }, 'ppl.allow.or[0].groups', 'unknown list matcher'],
    ['in without an array', { email: { in: 'a' } }, 'ppl.allow.or[0].email.in', 'needs an array'],
    ['starts_with with a number', { http_path: { starts_with: 1 } }, 'ppl.allow.or[0].http_path.starts_with', ''],
    ['an array shorthand', { email: ['a', 'b'] }, 'ppl.allow.or[0].email', 'use { in: [...] }'],
    ['an array for a list', { 'claim/g': ['a', 'b'] }, 'ppl.allow.or[0].claim/g', 'under or'],
    ['an empty matcher', { domain: {} }, 'ppl.allow.or[0].domain', 'tests nothing'],
    ['claim without a name', { claim: 'x' }, 'ppl.allow.or[0]', 'claim/<name>'],
    ['a sub-path on email', { 'email/x': 'a' }, 'ppl.allow.or[0]', 'only claim'],
    [
      'a bad fingerprint',
      { client_certificate: { fingerprint: 'ab:cd' } },
      'ppl.allow.or[0].client_certificate.fingerprint',
      '',
    ],
    [
      'a short spki hash',
      { client_certificate: { spki_hash: 'AAAA' } },
      'ppl.allow.or[0].client_certificate.spki_hash',
      '',
    ],
    ['an unknown certificate key', { client_certificate: { san: 'x' } }, 'ppl.allow.or[0].client_certificate', ''],
    ['a certificate that is no object', { client_certificate: 'x' }, 'ppl.allow.or[0].client_certificate', ''],
    ['a device type that is no string', { device: { type: 1 } }, 'ppl.allow.or[0].device.type', ''],
    ['an unknown device key', { device: { aproved: true } }, 'ppl.allow.or[0].device', 'did you mean "approved"?'],
    ['a bad IP', { source_ip: ['10.0.0.256'] }, 'ppl.allow.or[0].source_ip[0]', 'IP address or CIDR'],
    ['a bad prefix', { source_ip: '10.0.0.0/33' }, 'ppl.allow.or[0].source_ip', 'IP address or CIDR'],
    ['an IP that is no string', { source_ip: 10 }, 'ppl.allow.or[0].source_ip', 'string'],
    ['a bad SSH key', { ssh_publickey: 'nokey' }, 'ppl.allow.or[0].ssh_publickey', 'authorized_keys'],
    [
      'a claim name that is no string',
      { ssh_username_matches_claim: 1 },
      'ppl.allow.or[0].ssh_username_matches_claim',
      '',
    ],
  ])('refuses %s', (_label, criterion, path, message) => {
    const issues = findPplIssues(oneCriterion(criterion));
    expect(issues[0]?.path).toBe(path);
    expect(issues[0]?.message).toContain(message);
    expect(() => normalizePpl(oneCriterion(criterion))).toThrow(expect.objectContaining({ field: path }));
  });
});

describe('criteria unknown to the library', () => {
  const newer = [
    {
      allow: {
        and: [{ date: { after: '2026-01-01T00:00:00Z' } }, { email: { is: 'a@x.io', regex: '.*' } }],
        or: [{ or: [{ accept: true }] }],
      },
    },
  ];

  it('lists their paths, last segment the unknown key', () => {
    expect(findUnknownPplCriteria(newer)).toEqual([
      'ppl[0].allow.and[0].date',
      'ppl[0].allow.and[1].email.regex',
      'ppl[0].allow.or[0].or',
    ]);
    expect(findUnknownPplCriteria(oneCriterion({ email: 'a' }))).toEqual([]);
  });

  it('passes with allowUnknownCriteria, which still checks what the library knows', () => {
    expect(findPplIssues(newer).map((issue) => issue.code)).toEqual([
      'unknown_criterion',
      'unknown_operator',
      'structure',
    ]);
    expect(isValidPpl(newer, { allowUnknownCriteria: true })).toBe(true);
    expect(normalizePpl(newer, { allowUnknownCriteria: true })).toEqual(newer);
    const broken = [{ allow: { or: [{ date: {} }, { email: { in: 'x' } }] } }];
    expect(findPplIssues(broken, { allowUnknownCriteria: true })).toEqual([
      { path: 'ppl[0].allow.or[1].email.in', message: '"in" needs an array', code: 'invalid_value' },
    ]);
  });
});

describe('policies.create and update', () => {
  function countingBackend(): { backend: PomeriumBackend; writes: string[] } {
    const memory = createMemoryBackend();
    const writes: string[] = [];
    // The client's own call options (signal, attempt, onWireEvent) are left out of the record.
    const keys = (options: object) =>
      Object.keys(options)
        .filter((key) => !['signal', 'attempt', 'onWireEvent'].includes(key))
        .sort()
        .join(',');
    const policies = {
      ...memory.policies,
      create: (options: Parameters<PomeriumBackend['policies']['create']>[0]) => {
        writes.push(`create ${keys(options)}`);
        return memory.policies.create(options);
      },
      update: (options: Parameters<PomeriumBackend['policies']['update']>[0]) => {
        writes.push(`update ${keys(options)}`);
        return memory.policies.update(options);
      },
    };
    return { backend: { ...memory, policies }, writes };
  }

  it('refuses emial with a suggestion before any backend call', async () => {
    const { backend, writes } = countingBackend();
    const client = createPomeriumClient({ backend });
    const namespace = await client.namespaces.create({ name: 'n' });
    const ppl = [{ allow: { or: [{ emial: { is: 'a@example.com' } }] } }];
    const failure = await client.policies.create({ namespaceId: namespace.id, name: 'p', ppl }).catch((e) => e);
    expect(failure).toBeInstanceOf(PomeriumError);
    expect(failure).toMatchObject({ code: 'invalid_argument', field: 'ppl[0].allow.or[0]' });
    expect(failure.message).toContain('did you mean "email"?');
    expect(writes).toEqual([]);
  });

  it('accepts an unknown criterion when the call or the client opts in, and round-trips it', async () => {
    const { backend, writes } = countingBackend();
    const strict = createPomeriumClient({ backend });
    const namespace = await strict.namespaces.create({ name: 'n' });
    const ppl = [{ allow: { and: [{ day_of_week: 'mon-fri' }, { email: { is: 'a@example.com' } }] } }];
    const created = await strict.policies.create(
      { namespaceId: namespace.id, name: 'p', ppl },
      { allowUnknownPplCriteria: true },
    );
    expect(writes).toEqual(['create input']); // the option is not passed on to the backend
    const read = await strict.policies.get(created.id);
    expect(pplEquals(read.ppl, ppl)).toBe(true);
    await expect(strict.policies.update(created.id, { ppl: read.ppl })).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'ppl[0].allow.and[0]',
    });
    const lenient = createPomeriumClient({ backend, allowUnknownPplCriteria: true });
    const copy = await lenient.policies.create({ namespaceId: namespace.id, name: 'copy', ppl: read.ppl });
    expect(pplEquals(copy.ppl, ppl)).toBe(true);
    await lenient.policies.update(copy.id, { ppl: read.ppl, description: 'd' });
    await expect(
      lenient.policies.update(
        copy.id,
        { ppl: [{ allow: { or: [{ emial: 'x' }] } }] },
        { allowUnknownPplCriteria: false },
      ),
    ).rejects.toMatchObject({ code: 'invalid_argument', field: 'ppl[0].allow.or[0]' });
    expect(writes).toEqual(['create input', 'create input', 'update id,patch']);
  });
});

describe('the README example', () => {
  it('names the field of a single-rule document', async () => {
    const client = createPomeriumClient({ backend: createMemoryBackend() });
    const namespaceId = (await client.namespaces.create({ name: 'n' })).id;
    await expect(
      client.policies.create({ namespaceId, name: 'p', ppl: { allow: { or: [{ emial: 'a@example.com' }] } } }),
    ).rejects.toMatchObject({
      code: 'invalid_argument',
      field: 'ppl.allow.or[0]',
      message: expect.stringContaining('ppl.allow.or[0]: unknown criterion "emial"; did you mean "email"?'),
    });
  });
});

describe('rule and operator keys', () => {
  it('suggest the closest action and operator', () => {
    expect(findPplIssues([{ alow: { or: [{ accept: true }] } }])).toEqual([
      {
        path: 'ppl[0].alow',
        message: 'unknown rule key "alow"; did you mean "allow"?',
        code: 'structure',
        suggestion: 'allow',
      },
    ]);
    expect(findPplIssues({ deny: { andd: [{ accept: true }] } })[0]).toMatchObject({
      path: 'ppl.deny.andd',
      suggestion: 'and',
    });
    expect(findPplIssues({ allow: { when: [] } })[0]?.message).toBe(
      'unknown operator "when" (expected and, or, not, nor)',
    );
  });

  it('names Enterprise-only criteria as such and lets them through on request', () => {
    const ppl = { allow: { and: [{ day_of_week: 'mon-fri' }] } };
    expect(findPplIssues(ppl)[0]?.message).toContain('Enterprise-console criterion');
    expect(findPplIssues(ppl, { allowUnknownCriteria: true })).toEqual([]);
  });

  it('keep the action key Pomerium tolerates in a rule body when reading back', () => {
    const ppl = [{ allow: { action: 'allow', or: [{ accept: true }] } }];
    expect(findPplIssues(ppl)).toHaveLength(1);
    expect(findPplIssues(ppl, { allowUnknownCriteria: true })).toEqual([]);
    expect(findUnknownPplCriteria(ppl)).toEqual(['ppl[0].allow.action']);
  });
});
