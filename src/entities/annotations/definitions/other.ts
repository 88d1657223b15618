// Pose, Gis, Comparison and UndefinedAnnotation: definitions whose coordinates the SDK mostly passes through.
import { DlParseError } from '../../errors.js';
import { readObject, readString } from '../../json-read.js';
import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';
import { structuredCloneJson } from '../json-util.js';
import { randomId } from './note.js';

/** Constructor options of {@link Pose}. */
export interface PoseOptions extends DefinitionOptions {
  templateId: string;
  /** Generated when absent (the SDK uses uuid1). */
  instanceId?: string | null;
}

/**
 * Pose skeleton (`type: "pose"`): `{templateId, instanceId}`. The key points are separate `point`
 * annotations whose `metadata.system.parentId` is the pose's id.
 */
export class Pose extends AnnotationDefinition {
  readonly type: string = 'pose';
  /** Pose template (ontology) id. */
  templateId: string;
  /** Instance id linking the key points. */
  instanceId: string;

  constructor(options: PoseOptions) {
    super(options);
    this.templateId = options.templateId;
    this.instanceId = options.instanceId ?? randomId();
  }

  toCoordinates(): unknown {
    return { templateId: this.templateId, instanceId: this.instanceId };
  }

  clone(): Pose {
    return this.copyBaseTo(new Pose({ label: this.label, templateId: this.templateId, instanceId: this.instanceId }));
  }

  /** Reads `{templateId, instanceId}` (`instanceId` generated when missing, as the SDK does). */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Pose {
    const o = readObject(coordinates, path);
    const inst = o['instanceId'];
    if (inst !== undefined && inst !== null && typeof inst !== 'string') {
      throw new DlParseError(`${path}.instanceId`, 'a string', inst);
    }
    return new Pose(
      Object.assign({}, base, {
        templateId: readString(o['templateId'], `${path}.templateId`),
        instanceId: inst ?? null,
      }),
    );
  }
}

/** The `GisType` values. */
export type GisGeoType = 'box' | 'polygon' | 'polyline' | 'point';

/** Constructor options of {@link Gis}. */
export interface GisOptions extends DefinitionOptions {
  geoType: GisGeoType | (string & {});
  /** WGS84 coordinates, shape depends on `geoType` (kept as given). */
  wgs84GeoCoordinates: unknown;
}

/** Geographic annotation (`type: "gis"`): `{geo_type, wgs84_geo_coordinates}`. */
export class Gis extends AnnotationDefinition {
  readonly type: string = 'gis';
  /** `geo_type`: box, polygon, polyline or point. */
  geoType: string;
  /** `wgs84_geo_coordinates`, kept as given. */
  wgs84GeoCoordinates: unknown;

  constructor(options: GisOptions) {
    super(options);
    this.geoType = options.geoType;
    this.wgs84GeoCoordinates = structuredCloneJson(options.wgs84GeoCoordinates);
  }

  toCoordinates(): unknown {
    return { geo_type: this.geoType, wgs84_geo_coordinates: structuredCloneJson(this.wgs84GeoCoordinates) };
  }

  clone(): Gis {
    return this.copyBaseTo(
      new Gis({ label: this.label, geoType: this.geoType, wgs84GeoCoordinates: this.wgs84GeoCoordinates }),
    );
  }

  /** Reads `{geo_type, wgs84_geo_coordinates}`. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Gis {
    const o = readObject(coordinates, path);
    return new Gis(
      Object.assign({}, base, {
        geoType: readString(o['geo_type'], `${path}.geo_type`),
        wgs84GeoCoordinates: o['wgs84_geo_coordinates'] ?? null,
      }),
    );
  }
}

/** Comparison annotation (`type: "comparison"`): coordinates passed through unchanged. */
export class Comparison extends AnnotationDefinition {
  readonly type: string = 'comparison';
  /** The coordinates exactly as read (`undefined` = no key). */
  coordinates: unknown;

  constructor(options: DefinitionOptions & { coordinates?: unknown }) {
    super(options);
    this.coordinates = structuredCloneJson(options.coordinates);
  }

  toCoordinates(): unknown {
    return structuredCloneJson(this.coordinates);
  }

  clone(): Comparison {
    return this.copyBaseTo(new Comparison({ label: this.label, coordinates: this.coordinates }));
  }

  /** Keeps any coordinates. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, _path: string): Comparison {
    return new Comparison(Object.assign({}, base, { coordinates }));
  }
}

/**
 * Any annotation type dl-kit does not model (`ref_semantic_3d`, `polyline_3d`, future types, or a
 * known type whose coordinates do not have the exact typed shape): `type`, `label` and
 * `coordinates` pass through verbatim. A missing `coordinates` key stays missing.
 */
export class UndefinedAnnotation extends AnnotationDefinition {
  readonly type: string | null;
  /** The coordinates exactly as read (`undefined` = no key). */
  coordinates: unknown;

  constructor(options: DefinitionOptions & { type: string | null; coordinates?: unknown }) {
    super(options);
    this.type = options.type;
    this.coordinates = structuredCloneJson(options.coordinates);
  }

  override get hasCoordinates(): boolean {
    return this.coordinates !== undefined;
  }

  toCoordinates(): unknown {
    return structuredCloneJson(this.coordinates);
  }

  clone(): UndefinedAnnotation {
    return this.copyBaseTo(
      new UndefinedAnnotation({ label: this.label, type: this.type, coordinates: this.coordinates }),
    );
  }
}
