import { readObject, isObject } from '../../json-read.js';
import { DlParseError } from '../../errors.js';
import { AnnotationDefinition, type DefinitionOptions } from '../base-definition.js';
import { optNumber, optString, structuredCloneJson } from '../json-util.js';
import { readBoxCoordinates } from './box.js';
import { boxCoordinates } from '../shape-coordinates.js';

/** One message of a note thread: `{id, creator, time (ms), body}` plus whatever else the platform stores. */
export interface NoteMessage {
  id?: string;
  creator?: string;
  /** Epoch milliseconds. */
  time?: number;
  body?: string;
  [key: string]: unknown;
}

/** Constructor options of {@link Note}. */
export interface NoteOptions extends DefinitionOptions {
  left: number;
  top: number;
  right: number;
  bottom: number;
  angle?: number | null;
  messages?: NoteMessage[];
  /** @default "issue" for new notes ("open" is the reader's default when missing). */
  status?: string;
  createTime?: number;
  /** @default "me" (the SDK uses the logged-in user's email). */
  creator?: string;
  /** @default the creator (as dtlpy 1.124.2) */
  assignee?: string;
}

/**
 * Review note pinned to a box (`type: "note"`):
 * `{box: [p1, p2], note: {messages, status, createTime, creator, assignee}}`.
 */
export class Note extends AnnotationDefinition {
  readonly type: string = 'note';
  /** Box left. */
  left: number;
  /** Box top. */
  top: number;
  /** Box right. */
  right: number;
  /** Box bottom. */
  bottom: number;
  /** Box angle (degrees) or null. */
  angle: number | null;
  /** The thread. */
  messages: NoteMessage[];
  /** Note status (`issue`, `open`...). */
  status: string;
  /** Creation time, epoch ms. */
  createTime: number;
  /** Author (email). */
  creator: string;
  /** Assignee (email). */
  assignee: string;

  constructor(options: NoteOptions) {
    super(options);
    this.left = options.left;
    this.top = options.top;
    this.right = options.right;
    this.bottom = options.bottom;
    this.angle = options.angle ?? null;
    this.messages = structuredCloneJson(options.messages ?? []);
    this.status = options.status ?? 'issue';
    this.createTime = options.createTime ?? Date.now();
    this.creator = options.creator ?? 'me';
    // dtlpy 1.124.2: a note without an assignee is assigned to its creator.
    this.assignee = options.assignee ?? this.creator;
  }

  /** Appends a message `{id, creator, time, body}` and returns it. */
  addMessage(body: string, creator = this.creator): NoteMessage {
    const msg: NoteMessage = { id: randomId(), creator, time: Date.now(), body };
    this.messages.push(msg);
    return msg;
  }

  toCoordinates(): unknown {
    return {
      box: boxCoordinates(this),
      note: {
        messages: structuredCloneJson(this.messages),
        status: this.status,
        createTime: this.createTime,
        creator: this.creator,
        assignee: this.assignee,
      },
    };
  }

  clone(): Note {
    return this.copyBaseTo(
      new Note({
        label: this.label,
        left: this.left,
        top: this.top,
        right: this.right,
        bottom: this.bottom,
        angle: this.angle,
        messages: this.messages,
        status: this.status,
        createTime: this.createTime,
        creator: this.creator,
        assignee: this.assignee,
      }),
    );
  }

  /** Reads `{box, note}`; missing note fields default to status "open", creator/assignee "me", createTime 0. */
  static fromCoordinates(coordinates: unknown, base: DefinitionOptions, path: string): Note {
    const o = readObject(coordinates, path);
    const box = readBoxCoordinates(o['box'], `${path}.box`);
    const rawNote = o['note'];
    if (rawNote !== undefined && rawNote !== null && !isObject(rawNote)) {
      throw new DlParseError(`${path}.note`, 'an object', rawNote);
    }
    const note = isObject(rawNote) ? rawNote : {};
    const rawMessages = note['messages'];
    let messages: NoteMessage[] = [];
    if (rawMessages !== undefined && rawMessages !== null) {
      if (!Array.isArray(rawMessages)) throw new DlParseError(`${path}.note.messages`, 'an array', rawMessages);
      messages = rawMessages.map((m, i) => {
        if (!isObject(m)) throw new DlParseError(`${path}.note.messages[${i}]`, 'a message object', m);
        return structuredCloneJson(m) as NoteMessage;
      });
    }
    return new Note(
      Object.assign({}, base, box, {
        messages,
        status: optString(note['status'], `${path}.note.status`) ?? 'open',
        creator: optString(note['creator'], `${path}.note.creator`) ?? 'me',
        assignee: optString(note['assignee'], `${path}.note.assignee`) ?? 'me',
        createTime: optNumber(note['createTime'], `${path}.note.createTime`) ?? 0,
      }),
    );
  }
}

/** A random id (RFC 4122 v4 when `crypto.randomUUID` exists). */
export function randomId(): string {
  const c = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto;
  if (c?.randomUUID) return c.randomUUID();
  const hex = () =>
    Math.floor(Math.random() * 0x10000)
      .toString(16)
      .padStart(4, '0');
  return `${hex()}${hex()}-${hex()}-4${hex().slice(1)}-${hex()}-${hex()}${hex()}${hex()}`;
}
