import { dnsLookupFamilies, identityProviderTypes } from '@pomerium-unified/core';

/**
 * Per backend: the keys of its own settings extension bag that its adapter
 * writes. Backends not listed write every key (the memory backend).
 * Enterprise's adapter writes no backend-only setting; Zero's writes its two
 * typed Zero-only keys (see the Zero adapter's `zeroOnlySettingsKeys`).
 */
export const writableSettingsExtensionKeys: Readonly<Record<string, readonly string[]>> = {
  enterprise: [],
  zero: ['databrokerStorageConnection', 'mcpDynamicClientRegistration'],
};

/** Per backend: shared settings whose values form a closed set there (Enterprise takes free text for both). */
export const closedSettingsValues: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = {
  zero: { dnsLookupFamily: dnsLookupFamilies, identityProvider: identityProviderTypes },
};

/** Per source backend: what each key of its settings extension bag is, for the report on another target. */
export const foreignSettingsReasons: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  zero: {
    databrokerStorageConnection: 'the databroker storage connection is a setting of Pomerium Zero only',
    mcpDynamicClientRegistration: 'MCP dynamic client registration is a setting of Pomerium Zero only',
    additionalFields: 'settings of a newer Zero console that this library does not know',
  },
};

/** Settings that hold ids of key pairs of one deployment, meaningless on another. */
export const settingsDeploymentIdFields = ['certificateAuthorityKeyPairId', 'downstreamMtlsCaKeyPairId'] as const;
