import type { Hono } from 'hono';
import type { AppEnv, Deps } from '../context.js';
import { registerAssignmentRoutes } from './assignments.js';
import { registerOntologyRoutes } from './ontologies.js';
import { registerTaskRoutes } from './tasks.js';

/** Recipes, ontologies, tasks, assignments and commands. */
export function registerExtraRoutes(app: Hono<AppEnv>, deps: Deps): void {
  registerOntologyRoutes(app, deps);
  registerTaskRoutes(app, deps);
  registerAssignmentRoutes(app, deps);
}
