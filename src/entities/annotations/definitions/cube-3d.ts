import { readNumber, readObject } from '../../json-read.js';
import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';
import type { Vec3 } from '../types.js';

/** Constructor options of {@link Cube3d}. */
export interface Cube3dOptions extends DefinitionOptions {
  /** Box centre. */
  position: Vec3;
  scale: Vec3;
  /** Euler angles in radians, order XYZ. */
  rotation: Vec3;
}

const vec3 = (v: Vec3): Vec3 => ({ x: v.x, y: v.y, z: v.z });

function readVec3(v: unknown, path: string): Vec3 {
  const o = readObject(v, path);
  return { x: readNumber(o['x'], `${path}.x`), y: readNumber(o['y'], `${path}.y`), z: readNumber(o['z'], `${path}.z`) };
}

/**
 * 3-D cuboid (`type: "cube_3d"`): `{position, scale, rotation}` each `{x,y,z}`.
 * Read by key name (the SDK reads by key order, which is the same for well-formed JSON).
 */
export class Cube3d extends AnnotationDefinition {
  readonly type: string = 'cube_3d';
  /** Box centre. */
  position: Vec3;
  /** Size along x, y, z. */
  scale: Vec3;
  /** Euler angles in radians, order XYZ. */
  rotation: Vec3;

  constructor(options: Cube3dOptions) {
    super(options);
    this.position = vec3(options.position);
    this.scale = vec3(options.scale);
    this.rotation = vec3(options.rotation);
  }

  toCoordinates(): unknown {
    return { position: vec3(this.position), scale: vec3(this.scale), rotation: vec3(this.rotation) };
  }

  clone(): Cube3d {
    return this.copyBaseTo(
      new Cube3d({ label: this.label, position: this.position, scale: this.scale, rotation: this.rotation }),
    );
  }

  /** Reads `{position, scale, rotation}`. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Cube3d {
    const o = readObject(coordinates, path);
    return new Cube3d(
      Object.assign({}, base, {
        position: readVec3(o['position'], `${path}.position`),
        scale: readVec3(o['scale'], `${path}.scale`),
        rotation: readVec3(o['rotation'], `${path}.rotation`),
      }),
    );
  }
}
