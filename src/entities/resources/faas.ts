// FaaS resources: Package (code), Service (deployed package), Trigger (event -> service), Execution (one run).
import { Entity, type EntitySchema } from './entity.js';

/** A package: code with modules and functions, deployable as services. */
export class Package extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    version: 'string',
    type: 'string',
    projectId: 'string',
    modules: 'object[]',
    slots: 'object[]',
    codebase: 'object',
    requirements: 'object[]',
    isGlobal: 'boolean',
  };

  /** Package name. */
  get name(): string | null {
    return this.getString('name');
  }

  /** Package version (`1.0.3`). */
  get version(): string | null {
    return this.getString('version');
  }

  /** Owning project id. */
  get projectId(): string | null {
    return this.getString('projectId');
  }
}

/** A service: a deployed package module. */
export class Service extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    packageId: 'string',
    projectId: 'string',
    moduleName: 'string',
    runtime: 'object',
    initParams: 'object',
    versions: 'object',
    active: 'boolean',
    isGlobal: 'boolean',
    driverId: 'string',
    maxAttempts: 'number',
    executionTimeout: 'number',
  };

  /** Service name. */
  get name(): string | null {
    return this.getString('name');
  }

  /** Id of the deployed package. */
  get packageId(): string | null {
    return this.getString('packageId');
  }

  /** Owning project id. */
  get projectId(): string | null {
    return this.getString('projectId');
  }

  /** Whether the service is running (not paused). */
  get active(): boolean {
    return this.getBoolean('active') ?? false;
  }
}

/** A trigger: runs a service function on a resource event or a cron schedule. */
export class Trigger extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    projectId: 'string',
    serviceId: 'string',
    active: 'boolean',
    type: 'string',
    scope: 'string',
    spec: 'object',
    'spec.filter': 'object',
    'spec.resource': 'string',
    'spec.executionMode': 'string',
    'spec.actions': 'string[]',
  };

  /** Trigger name. */
  get name(): string | null {
    return this.getString('name');
  }

  /** Id of the service it runs (or of the spec's operation target). */
  get serviceId(): string | null {
    return this.getString('serviceId') ?? this.getString('spec.operation.serviceId');
  }

  /** Resource watched (`Item`, `Annotation`...): `spec.resource`. */
  get resource(): string | null {
    return this.getString('spec.resource');
  }

  /** Events that fire it (`Created`, `Updated`...): `spec.actions`. */
  get actions(): string[] {
    return this.getStrings('spec.actions');
  }

  /** Whether the trigger is active. */
  get active(): boolean {
    return this.getBoolean('active') ?? false;
  }
}

/** One execution of a service function. */
export class Execution extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    projectId: 'string',
    serviceId: 'string',
    functionName: 'string',
    latestStatus: 'object',
    'latestStatus.status': 'string',
    statusLog: 'object[]',
    attempts: 'number',
    maxAttempts: 'number',
    duration: 'number',
  };

  /** Id of the service that ran it. */
  get serviceId(): string | null {
    return this.getString('serviceId');
  }

  /** Function name in the service module. */
  get functionName(): string | null {
    return this.getString('functionName');
  }

  /** Current status (`latestStatus.status`, e.g. `created`, `in-progress`, `success`, `failed`). */
  get status(): string | null {
    return this.getString('latestStatus.status') ?? this.getString('status');
  }

  /** Function input (raw JSON). */
  get input(): unknown {
    return this.get('input');
  }

  /** Function output (raw JSON). */
  get output(): unknown {
    return this.get('output');
  }
}
