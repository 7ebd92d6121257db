import { CI_SERVICE } from './ci-service.js';
import { CORE_DNS_SERVICE } from './coredns-service.js';
import { METRICS_SERVER_SERVICE } from './metrics-server/index.js';
import { registerService } from './service-registry.js';

export * from './platform-service.js';
export * from './service-registry.js';
export * from './coredns-service.js';
export * from './ci-service.js';
export * from './run-service.js';
export * from './yo-rc.js';
export * from './metrics-server/index.js';

registerService(CORE_DNS_SERVICE);
registerService(CI_SERVICE);
registerService(METRICS_SERVER_SERVICE);
