import type { BoundEntity } from '../context.js';
import { enc, type CallOptions, type ClientContext } from '../context.js';

/** A label node as `PATCH /ontologies/{id}/labels` takes it. */
export interface LabelNode {
  tag: string;
  color?: string;
  attributes?: unknown[];
  displayLabel?: string;
  displayData?: Record<string, unknown>;
}

/** A v2 attribute definition (spec §6 attributes v2). */
export interface AttributeDef {
  key: string;
  title?: string;
  type: 'checkbox' | 'radio_button' | 'range' | 'boolean' | 'freeText' | 'options';
  scope?: string[];
  optional?: boolean;
  multi?: boolean;
  values?: unknown[];
  range?: { min: number; max: number; step: number };
}

/** Ontologies (`/ontologies`): labels and v2 attributes. */
export class OntologiesRepository {
  constructor(
    private readonly ctx: ClientContext,
    readonly projectId?: string,
  ) {}

  /** `GET /ontologies/{id}`. */
  async get(ontologyId: string, opts: CallOptions = {}): Promise<BoundEntity> {
    return this.ctx.bind.ontology(
      await this.ctx.http.json({ method: 'GET', path: `/ontologies/${enc(ontologyId)}`, signal: opts.signal }),
    );
  }

  /** `GET /ontologies?projects=…&ids=…` (all pages). */
  async list(opts: CallOptions & { projectIds?: string[]; ids?: string[] } = {}): Promise<BoundEntity[]> {
    const projects = opts.projectIds ?? (this.projectId ? [this.projectId] : undefined);
    const out: unknown[] = [];
    for (let page = 0; ; page++) {
      const res = await this.ctx.http.json<{ items?: unknown[]; hasNextPage?: boolean } | unknown[]>({
        method: 'GET',
        path: '/ontologies',
        searchParams: { pageOffset: page, pageSize: 1000, projects: projects?.join(','), ids: opts.ids?.join(',') },
        signal: opts.signal,
      });
      if (Array.isArray(res)) {
        out.push(...res);
        break;
      }
      out.push(...(res?.items ?? []));
      if (!res?.hasNextPage || !res.items?.length) break;
    }
    return out.map((j) => this.ctx.bind.ontology(j));
  }

  /** `POST /ontologies`. */
  async create(
    body: { roots?: unknown[]; projectIds?: string[]; attributes?: unknown[]; title?: string },
    opts: CallOptions = {},
  ): Promise<BoundEntity> {
    const json = { roots: [], attributes: [], projectIds: this.projectId ? [this.projectId] : [], ...body };
    return this.ctx.bind.ontology(
      await this.ctx.http.json({ method: 'POST', path: '/ontologies', json, signal: opts.signal }),
    );
  }

  /** `PUT /ontologies/{id}` with the full JSON (`?system=true` when asked). */
  async update(
    ontology: { id: string } & Record<string, unknown>,
    opts: CallOptions & { system?: boolean } = {},
  ): Promise<BoundEntity> {
    const t = ontology as { toJson?: () => Record<string, unknown> };
    const json = typeof t.toJson === 'function' ? t.toJson() : ontology;
    return this.ctx.bind.ontology(
      await this.ctx.http.json({
        method: 'PUT',
        path: `/ontologies/${enc(ontology.id)}`,
        json,
        searchParams: opts.system ? { system: 'true' } : undefined,
        signal: opts.signal,
      }),
    );
  }

  /** Adds or updates labels: `PATCH /ontologies/{id}/labels` `{ labelsNode, upsert }`. */
  async updateLabels(
    ontologyId: string,
    labels: LabelNode[],
    opts: CallOptions & { upsert?: boolean } = {},
  ): Promise<BoundEntity> {
    return this.ctx.bind.ontology(
      await this.ctx.http.json({
        method: 'PATCH',
        path: `/ontologies/${enc(ontologyId)}/labels`,
        json: { labelsNode: labels, upsert: opts.upsert ?? true },
        signal: opts.signal,
      }),
    );
  }

  /** Adds labels (`upsert: false`). */
  async addLabels(ontologyId: string, labels: LabelNode[], opts: CallOptions = {}): Promise<BoundEntity> {
    return this.updateLabels(ontologyId, labels, { ...opts, upsert: false });
  }

  /** Upserts v2 attributes: `PATCH /ontologies/{id}/attributes` `{ items, upsert: true }`. */
  async updateAttributes(ontologyId: string, items: AttributeDef[], opts: CallOptions = {}): Promise<unknown> {
    return this.ctx.http.json({
      method: 'PATCH',
      path: `/ontologies/${enc(ontologyId)}/attributes`,
      json: { items, upsert: true },
      signal: opts.signal,
    });
  }

  /** Deletes v2 attributes by key: `DELETE /ontologies/{id}/attributes` `{ keys }`. */
  async deleteAttributes(ontologyId: string, keys: string[], opts: CallOptions = {}): Promise<unknown> {
    return this.ctx.http.json({
      method: 'DELETE',
      path: `/ontologies/${enc(ontologyId)}/attributes`,
      json: { keys },
      signal: opts.signal,
    });
  }

  /** `DELETE /ontologies/{id}`. */
  async delete(ontologyId: string, opts: CallOptions = {}): Promise<boolean> {
    await this.ctx.http.request({
      method: 'DELETE',
      path: `/ontologies/${enc(ontologyId)}`,
      responseType: 'none',
      signal: opts.signal,
    });
    return true;
  }
}
