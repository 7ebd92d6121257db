import { CI_SERVICE } from './ci/index.js';
import { CORE_DNS_SERVICE } from './coredns/index.js';
import { METRICS_SERVER_SERVICE } from './metrics-server/index.js';
import { registerService } from './service-registry.js';

export * from './platform-service.js';
export * from './service-registry.js';
export * from './coredns/index.js';
export * from './ci/index.js';
export * from './run-service.js';
export * from './yo-rc.js';
export * from './metrics-server/index.js';

registerService(CORE_DNS_SERVICE);
registerService(CI_SERVICE);
registerService(METRICS_SERVER_SERVICE);
