/** A cluster to seed: its namespace is created under the organization's root namespace. */
export interface FakeZeroSeedCluster {
  /** Fixed id; random when omitted. */
  id?: string;
  /** Cluster name, e.g. `production`. */
  name: string;
  /** Cluster domain, e.g. `some-words-1234.pomerium.app`. */
  domain: string;
}

/** An organization to seed. */
export interface FakeZeroSeedOrganization {
  /** Fixed id; random when omitted. */
  id?: string;
  /** Organization name. */
  name: string;
  /** Its clusters. */
  clusters?: FakeZeroSeedCluster[];
}

/** The initial content of the fake console. */
export interface FakeZeroSeed {
  /** Organizations, each with a root namespace and one namespace per cluster. */
  organizations: FakeZeroSeedOrganization[];
}

/** The default seed: one organization with one hosted cluster named `production`. */
export const defaultFakeZeroSeed: FakeZeroSeed = {
  organizations: [
    { name: 'Example Organization', clusters: [{ name: 'production', domain: 'calm-river-4821.pomerium.app' }] },
  ],
};
