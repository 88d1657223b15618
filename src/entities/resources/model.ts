// Model (ML model entity, bound to a package and a dataset).
import { Entity, type EntitySchema } from './entity.js';

/** An ML model: configuration, labels, artifacts, status. */
export class Model extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    projectId: 'string',
    datasetId: 'string',
    packageId: 'string',
    status: 'string',
    configuration: 'object',
    metadata: 'object',
    labels: 'string[]',
    tags: 'string[]',
    artifacts: 'object[]',
    inputType: 'string',
    outputType: 'string',
    description: 'string',
  };

  /** Model name. */
  get name(): string | null {
    return this.getString('name');
  }

  /** Lifecycle status (`created`, `trained`, `deployed`...). */
  get status(): string | null {
    return this.getString('status');
  }

  /** Training dataset id. */
  get datasetId(): string | null {
    return this.getString('datasetId');
  }

  /** Package id (the model's code). */
  get packageId(): string | null {
    return this.getString('packageId');
  }

  /** Labels the model predicts. */
  get labels(): string[] {
    return this.getStrings('labels');
  }

  /** Free-form configuration (live object, or null). */
  get configuration(): Record<string, unknown> | null {
    return this.getObject('configuration');
  }
}
