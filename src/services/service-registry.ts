import type { PlatformService, ServiceFrontDoor } from './platform-service.js';

const registered = new Map<string, PlatformService<unknown>>();

/** Registers a service; its name must be new. */
export function registerService<Config>(service: PlatformService<Config>): void {
  if (registered.has(service.name)) throw new Error(`a service named "${service.name}" is already registered`);
  registered.set(service.name, service);
  service.registerChartChecks?.();
}

/** The service called `name`, if registered. */
export function findService(name: string): PlatformService<unknown> | undefined {
  return registered.get(name);
}

/** Every registered service, in registration order. */
export function registeredServices(): readonly PlatformService<unknown>[] {
  return [...registered.values()];
}

/** The service called `name` and its generic front door; an error when it has none. */
export function serviceWithFrontDoor(name: string): { readonly service: PlatformService<unknown>; readonly frontDoor: ServiceFrontDoor } {
  const service = registered.get(name);
  if (!service?.frontDoor) throw new Error(`"${name}" is no registered service with a generic front door (register it in src/services/index.ts)`);
  return { service, frontDoor: service.frontDoor };
}
