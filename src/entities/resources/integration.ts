// Integration (stored credentials) and Driver (external storage bound to an integration).
import { Entity, type EntitySchema } from './entity.js';

/** An organisation integration (S3/GCS/Azure keys...); secrets never come back in its JSON. */
export class Integration extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    type: 'string',
    org: 'string',
    metadata: 'object',
  };

  /** Integration name. */
  get name(): string | null {
    return this.getString('name');
  }

  /** Integration type (`s3`, `gcs`, `azureblob`, `key_value`...). */
  get type(): string | null {
    return this.getString('type');
  }
}

/** A storage driver: a bucket/container reached through an integration. */
export class Driver extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    type: 'string',
    integrationId: 'string',
    integrationType: 'string',
    projectId: 'string',
    payload: 'object',
    allowExternalDelete: 'boolean',
  };

  /** Driver name. */
  get name(): string | null {
    return this.getString('name');
  }

  /** Storage type (`s3`, `gcs`, `azureblob`). */
  get type(): string | null {
    return this.getString('type');
  }

  /** Id of the integration holding the credentials. */
  get integrationId(): string | null {
    return this.getString('integrationId');
  }

  /** `payload.bucketName`, or null. */
  get bucketName(): string | null {
    return this.getString('payload.bucketName');
  }

  /** `payload.path` (folder inside the bucket), or null. */
  get path(): string | null {
    return this.getString('payload.path');
  }
}
