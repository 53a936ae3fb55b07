// The wire protocol of the Enterprise console API (package `pomerium.dashboard`):
// generated service descriptors and message schemas, for fakes and advanced callers.

export * from './gen/pomerium/dashboard/clusters_pb.js';
export * from './gen/pomerium/dashboard/key_chain_pb.js';
export * from './gen/pomerium/dashboard/namespaces_pb.js';
export * from './gen/pomerium/dashboard/policy_pb.js';
export * from './gen/pomerium/dashboard/route_health_check_pb.js';
export * from './gen/pomerium/dashboard/route_redirect_action_pb.js';
export * from './gen/pomerium/dashboard/routes_pb.js';
export * from './gen/pomerium/dashboard/settings_pb.js';
export * from './gen/pomerium/dashboard/types_pb.js';
export * from './gen/pomerium/dashboard/users_pb.js';
