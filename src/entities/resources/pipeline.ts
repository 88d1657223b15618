// Pipeline (a graph of nodes) and PipelineExecution (one run of it).
import { Entity, type EntitySchema } from './entity.js';

/** A pipeline: nodes, connections and start nodes. */
export class Pipeline extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    projectId: 'string',
    orgId: 'string',
    nodes: 'object[]',
    connections: 'object[]',
    startNodes: 'object[]',
    status: 'string',
    variables: 'object[]',
    settings: 'object',
  };

  /** Pipeline name. */
  get name(): string | null {
    return this.getString('name');
  }

  /** Owning project id. */
  get projectId(): string | null {
    return this.getString('projectId');
  }

  /** Status (`Installed`, `Paused`...). */
  get status(): string | null {
    return this.getString('status');
  }

  /** Node definitions (raw JSON objects, live). */
  get nodes(): Array<Record<string, unknown>> {
    const v = this.get('nodes');
    return Array.isArray(v) ? (v as Array<Record<string, unknown>>) : [];
  }
}

/** One run of a pipeline (resource `pipelineState` in Filters). */
export class PipelineExecution extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    pipelineId: 'string',
    status: 'string',
    nodes: 'object[]',
    executions: 'object',
    maxAttempts: 'number',
  };

  /** Id of the pipeline run. */
  get pipelineId(): string | null {
    return this.getString('pipelineId');
  }

  /** Status (`pending`, `in-progress`, `success`, `failed`...). */
  get status(): string | null {
    return this.getString('status');
  }
}
