import { Code, ConnectError } from '@connectrpc/connect';
import type { Route } from '@pomerium-unified/enterprise-protos';

/** The stat name the console derives from a route's `from` on first save. */
export function statNameOf(route: Route): string {
  let base = route.name;
  try {
    base = new URL(route.from).host;
  } catch {
    // keep the name
  }
  return (
    base
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '') || 'route'
  );
}

function isUrl(value: string): boolean {
  try {
    return new URL(value).host !== '';
  } catch {
    return false;
  }
}

function positiveDuration(duration: { seconds: bigint; nanos: number } | undefined): boolean {
  return duration !== undefined && (duration.seconds > 0n || (duration.seconds === 0n && duration.nanos > 0));
}

/** The console's field checks of a route (the validate rules of the protos plus name/from). */
export function validateRoute(route: Route, at: (field: string) => string): void {
  const invalid = (field: string, problem: string): never => {
    throw new ConnectError(`${at(field)}: ${problem}`, Code.InvalidArgument);
  };
  if (route.name.trim() === '') invalid('name', 'must not be empty');
  if (!isUrl(route.from)) invalid('from', 'must be an absolute URL');
  route.to.forEach((to, index) => {
    if (!isUrl(to)) invalid(`to[${index}]`, 'must be an absolute URL');
  });
  if (route.loadBalancingPolicy !== undefined && (route.loadBalancingPolicy < 1 || route.loadBalancingPolicy > 5)) {
    invalid('load_balancing_policy', 'must be a defined value');
  }
  if (route.redirect && (route.redirect.responseCode < 0 || route.redirect.responseCode > 4)) {
    invalid('redirect.response_code', 'must be a defined value');
  }
  route.healthChecks.forEach((check, index) => {
    const field = `health_checks[${index}]`;
    if (!positiveDuration(check.timeout)) invalid(`${field}.timeout`, 'must be greater than 0s');
    if (!positiveDuration(check.interval)) invalid(`${field}.interval`, 'must be greater than 0s');
    if (check.unhealthyThreshold < 1) invalid(`${field}.unhealthy_threshold`, 'must be at least 1');
    if (check.healthyThreshold < 1) invalid(`${field}.healthy_threshold`, 'must be at least 1');
    if (check.healthChecker.case === undefined)
      invalid(`${field}.health_checker`, 'one of http, tcp or grpc is required');
    if (check.healthChecker.case === 'httpHealthCheck' && check.healthChecker.value.path === '') {
      invalid(`${field}.http_health_check.path`, 'must not be empty');
    }
  });
}
