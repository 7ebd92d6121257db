import type { PlatformService } from './platform-service.js';

const registered = new Map<string, PlatformService<any>>();

/** Registers a service; its name must be new. */
export function registerService<Config>(service: PlatformService<Config>): void {
  if (registered.has(service.name)) throw new Error(`a service named "${service.name}" is already registered`);
  registered.set(service.name, service);
}

/** The service called `name`, if registered. */
export function findService(name: string): PlatformService<unknown> | undefined {
  return registered.get(name);
}

/** Every registered service, in registration order. */
export function registeredServices(): readonly PlatformService<unknown>[] {
  return [...registered.values()];
}
