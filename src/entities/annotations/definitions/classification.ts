import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';

/**
 * Whole-item label (`type: "class"`). Written with **no** `coordinates` key at all.
 *
 * @example
 * new Classification({ label: 'dog' })
 */
export class Classification extends AnnotationDefinition {
  readonly type: string = 'class';

  override get hasCoordinates(): boolean {
    return false;
  }

  toCoordinates(): unknown {
    return undefined;
  }

  clone(): Classification {
    return this.copyBaseTo(new Classification({ label: this.label }));
  }

  /** Classification ignores any coordinates it is given (as the SDK does). */
  static fromCoordinates(_coordinates: unknown, base: DefinitionOptions, _path: string): Classification {
    return new Classification(base);
  }
}
