import { HttpError } from '../../http/errors.js';
import type { Collection, Doc } from '../docs.js';
import type { DocumentStore } from '../types.js';
import { whereEquals } from './columns.js';
import { atomic, type SqliteDb } from './db.js';
import { dropItemRefs, syncItemRefs } from './refs.js';

/** Parse stored document text. The row was written by this store, so its shape is the collection's. */
export const parseDoc = <D>(text: string): D => JSON.parse(text) as D;

/** Documents by id and indexed fields; item writes keep `item_refs` in step. */
export function sqliteDocumentStore(s: SqliteDb): DocumentStore {
  const { prep, noteWrite, run } = s;
  const afterWrite = (c: Collection, doc: Doc) => {
    if (c === 'items') syncItemRefs(s, doc);
  };
  const insertOne = (c: Collection, doc: Doc) => {
    prep(`INSERT INTO ${c} (id, doc) VALUES (?, ?)`).run(doc.id, JSON.stringify(doc));
    afterWrite(c, doc);
    noteWrite();
  };
  return {
    get: (c, id) =>
      run(() => {
        const row = prep(`SELECT doc FROM ${c} WHERE id = ?`).pluck().get(id) as string | undefined;
        return row === undefined ? undefined : parseDoc(row);
      }),
    list: (c, where = {}) =>
      run(() => {
        const params: unknown[] = [];
        const cond = whereEquals(c, where, params);
        return (
          prep(`SELECT doc FROM ${c} WHERE ${cond} ORDER BY id`)
            .pluck()
            .all(...params) as string[]
        ).map((t) => parseDoc(t));
      }),
    countWhere: (c, where) =>
      run(() => {
        const params: unknown[] = [];
        const cond = whereEquals(c, where, params);
        return prep(`SELECT count(*) FROM ${c} WHERE ${cond}`)
          .pluck()
          .get(...params) as number;
      }),
    insert: (c, doc) => run(() => insertOne(c, doc)),
    insertMany: (c, docs) => run(() => atomic(s, () => docs.forEach((d) => insertOne(c, d)))),
    replace: (c, doc) =>
      run(() => {
        const r = prep(`UPDATE ${c} SET doc = ? WHERE id = ?`).run(JSON.stringify(doc), doc.id);
        if (r.changes !== 1) throw new HttpError(404, `${c.slice(0, -1)} ${doc.id} not found`);
        afterWrite(c, doc);
      }),
    remove: (c, id) =>
      run(() => {
        const r = prep(`DELETE FROM ${c} WHERE id = ?`).run(id);
        if (c === 'items') dropItemRefs(s, id);
        return r.changes > 0;
      }),
    mergePatch: (c, ids, patch) =>
      run(() => {
        const st = prep(`UPDATE ${c} SET doc = json_patch(doc, ?) WHERE id = ?`);
        const text = JSON.stringify(patch);
        let n = 0;
        atomic(s, () => {
          for (const id of ids) n += st.run(text, id).changes;
        });
        return n;
      }),
  };
}
