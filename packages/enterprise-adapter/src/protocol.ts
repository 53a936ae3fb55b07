// The wire protocol of the Enterprise console API, re-exported from @pomerium-unified/enterprise-protos
// for callers that imported it from the adapter.

export * from '@pomerium-unified/enterprise-protos';
