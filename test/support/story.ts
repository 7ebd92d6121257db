import type { CoreDnsAnswers } from '../../src/index.js';

/** The story's two clusters, as the README and the issue give them. */
export const STORY_ANSWERS: CoreDnsAnswers = {
  clusters: [
    { name: 'infra', serviceCidr: '10.245.0.0/16', dnsIp: '10.245.0.10', replicas: 2 },
    { name: 'apps', serviceCidr: '10.247.0.0/16', dnsIp: '10.247.0.10', replicas: 2 },
  ],
  chart: { version: '1.38.0', source: 'helm' },
};

/** The same answers in the answers-file form a user writes. */
export const STORY_ANSWERS_YAML = `clusters:
  - {name: infra, serviceCidr: 10.245.0.0/16, dnsIp: 10.245.0.10, replicas: 2}
  - {name: apps,  serviceCidr: 10.247.0.0/16, dnsIp: 10.247.0.10, replicas: 2}
chart: {version: 1.38.0, source: helm}
`;
