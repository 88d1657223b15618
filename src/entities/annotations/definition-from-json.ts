// Reader dispatch: `type` string -> definition class (the SDK's `json_to_annotation_definition`).
import { DlParseError } from '../errors.js';
import type { AnnotationDefinition, DefinitionOptions } from './base-definition.js';
import { Box } from './definitions/box.js';
import { Classification } from './definitions/classification.js';
import { Cube } from './definitions/cube.js';
import { Cube3d } from './definitions/cube-3d.js';
import { Ellipse } from './definitions/ellipse.js';
import { Note } from './definitions/note.js';
import { Comparison, Gis, Pose, UndefinedAnnotation } from './definitions/other.js';
import { Point } from './definitions/point.js';
import { Polygon, Polyline } from './definitions/polygon.js';
import { Segmentation } from './definitions/segmentation.js';
import { Description, FreeText, RefImage, Subtitle, Text } from './definitions/text-like.js';

type Reader = (coordinates: unknown, base: DefinitionOptions, path: string) => AnnotationDefinition;

/** Types the SDK reads typed; malformed coordinates are a parse error. */
const STRICT = new Map<string, Reader>(
  Object.entries({
    segment: Polygon.fromCoordinates,
    polyline: Polyline.fromCoordinates,
    box: Box.fromCoordinates,
    cube: Cube.fromCoordinates,
    cube_3d: Cube3d.fromCoordinates,
    point: Point.fromCoordinates,
    binary: Segmentation.fromCoordinates,
    class: Classification.fromCoordinates,
    subtitle: Subtitle.fromCoordinates,
    ellipse: Ellipse.fromCoordinates,
    comparison: Comparison.fromCoordinates,
    note: Note.fromCoordinates,
    pose: Pose.fromCoordinates,
    gis: Gis.fromCoordinates,
  }),
);

/** Types the SDK passes through verbatim; dl-kit reads them typed when the shape is exact, else verbatim. */
const LENIENT = new Map<string, Reader>(
  Object.entries({
    text_mark: Text.fromCoordinates,
    text: FreeText.fromCoordinates,
    ref_image: RefImage.fromCoordinates,
    item_description: Description.fromCoordinates,
  }),
);

/** The `type` strings read into typed definitions. */
export const KNOWN_DEFINITION_TYPES: readonly string[] = [...STRICT.keys(), ...LENIENT.keys()];

/**
 * Builds the definition for one frame. `coordinates` is `undefined` when the key is absent.
 * `path` is the JSON path of the coordinates value (for error messages).
 */
export function definitionFromJson(
  type: string | null,
  coordinates: unknown,
  base: DefinitionOptions,
  path: string,
): AnnotationDefinition {
  const strict = type === null ? undefined : STRICT.get(type);
  if (strict) {
    if (coordinates === undefined && type !== 'class' && type !== 'comparison') {
      throw new DlParseError(path, `coordinates of a "${type}" annotation`, undefined);
    }
    return strict(coordinates, base, path);
  }
  const lenient = type === null ? undefined : LENIENT.get(type);
  if (lenient && coordinates !== undefined) {
    try {
      return lenient(coordinates, base, path);
    } catch (e) {
      if (!(e instanceof DlParseError)) throw e;
    }
  }
  return new UndefinedAnnotation(Object.assign({}, base, { type, coordinates }));
}
