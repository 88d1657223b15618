// Task workload: how a task's items are split between assignees (percentages summing to 100).
import { DlError } from '../errors.js';
import { readArray, readNumber, readObject, readString } from '../json-read.js';

/** One assignee's share: `{"assigneeId": email, "load": percent}`. */
export interface WorkloadUnit {
  assigneeId: string;
  /** Percentage 0..100. */
  load: number;
}

/**
 * The `workload` of a task (`[{assigneeId, load}]`).
 * @example
 * Workload.generate(['a@x', 'b@x', 'c@x']).toJson();
 * // [{"assigneeId":"a@x","load":34},{"assigneeId":"b@x","load":33},{"assigneeId":"c@x","load":33}]
 */
export class Workload {
  /** The units, in assignee order. */
  readonly units: WorkloadUnit[];

  constructor(units: WorkloadUnit[] = []) {
    for (const u of units) {
      if (!(u.load >= 0 && u.load <= 100))
        throw new DlError(`Workload load must be a number between 0 and 100, got ${u.load}`);
    }
    this.units = units.map((u) => ({ assigneeId: u.assigneeId, load: u.load }));
  }

  /**
   * Equal split of 100 with the remainder spread over the first assignees:
   * `load[i] = floor(100 / n) + (i < 100 % n ? 1 : 0)`. With explicit `loads`, they must have the same
   * length as the ids and (rounded) sum to 100.
   * @throws DlError on no assignees, mismatched lengths or loads not summing to 100.
   */
  static generate(assigneeIds: string | readonly string[], loads?: number | readonly number[]): Workload {
    const ids = typeof assigneeIds === 'string' ? [assigneeIds] : [...assigneeIds];
    if (ids.length === 0) throw new DlError('Workload needs at least one assignee');
    let shares: number[];
    if (loads === undefined) {
      const n = ids.length;
      shares = ids.map((_, i) => Math.floor(100 / n) + (i < 100 % n ? 1 : 0));
    } else {
      shares = typeof loads === 'number' ? [loads] : [...loads];
      if (Math.round(shares.reduce((a, b) => a + b, 0)) !== 100) throw new DlError('Loads must sum to 100');
    }
    if (shares.length !== ids.length) throw new DlError('Assignee ids and loads must be of same length');
    return new Workload(ids.map((assigneeId, i) => ({ assigneeId, load: shares[i]! })));
  }

  /** Reads `[{assigneeId, load}]`. @throws DlParseError naming the path of a bad unit. */
  static fromJson(json: unknown): Workload {
    const list = readArray(json, '$');
    return new Workload(
      list.map((u, i) => {
        const obj = readObject(u, `$[${i}]`);
        return {
          assigneeId: readString(obj.assigneeId, `$[${i}].assigneeId`),
          load: readNumber(obj.load, `$[${i}].load`),
        };
      }),
    );
  }

  /** `[{assigneeId, load}]`. */
  toJson(): WorkloadUnit[] {
    return this.units.map((u) => ({ assigneeId: u.assigneeId, load: u.load }));
  }
}
