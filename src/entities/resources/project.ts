// Project, Organization, User and Bot (spec §7.7; §8 member roles).
import type { MemberOrgRole, MemberRole } from '../enums.js';
import { Entity, type EntitySchema } from './entity.js';

/** A project (spec §7.7). */
export class Project extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    creator: 'string',
    url: 'string',
    org: 'object',
    role: 'string',
    account: 'string',
    isBlocked: 'boolean',
    archived: 'boolean',
    featureConstraints: 'array',
    contributors: 'object[]',
  };

  /** Platform key order (spec §7.7). */
  static override readonly keyOrder: readonly string[] = [
    'id',
    'name',
    'creator',
    'createdAt',
    'updatedAt',
    'url',
    'org',
    'role',
    'account',
    'isBlocked',
    'archived',
    'featureConstraints',
    'contributors',
  ];

  /** Project name. */
  get name(): string | null {
    return this.getString('name');
  }

  set name(value: string | null) {
    this.json.name = value;
  }

  /** Role of the current user in the project. */
  get role(): MemberRole | (string & {}) | null {
    return this.getString('role');
  }

  /** Id of the owning organisation (`org.id`), or null. */
  get orgId(): string | null {
    return this.getString('org.id');
  }

  /** Whether the project is archived. */
  get archived(): boolean {
    return this.getBoolean('archived') ?? false;
  }
}

/** An organisation. */
export class Organization extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    name: 'string',
    members: 'object[]',
    groups: 'array',
    accounts: 'array',
    creator: 'string',
    owner: 'string',
    role: 'string',
  };

  /** Organisation name. */
  get name(): string | null {
    return this.getString('name');
  }

  /** Role of the current user in the organisation. */
  get role(): MemberOrgRole | (string & {}) | null {
    return this.getString('role');
  }
}

/** A platform user (also a project member: `role` is then the member role). */
export class User extends Entity {
  static override readonly schema: EntitySchema = {
    id: 'string',
    username: 'string',
    email: 'string',
    firstName: 'string',
    lastName: 'string',
    role: 'string',
    type: 'string',
    avatar: 'string',
  };

  /** Email (the id users are addressed by across the API). */
  get email(): string | null {
    return this.getString('email');
  }

  /** User name, or null. */
  get username(): string | null {
    return this.getString('username');
  }

  /** Project member role when listed as a member. */
  get role(): MemberRole | (string & {}) | null {
    return this.getString('role');
  }
}

/** A bot: a project member that is a service identity (has an email like a user). */
export class Bot extends User {
  static override readonly schema: EntitySchema = { ...User.schema, name: 'string' };

  /** Bot name. */
  get name(): string | null {
    return this.getString('name');
  }
}
