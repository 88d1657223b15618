import type { Hono } from 'hono';
import type { AppEnv, Deps } from '../context.js';

/** Recipes, ontologies, tasks, assignments and commands are registered here as they land. */
export function registerExtraRoutes(app: Hono<AppEnv>, deps: Deps): void {
  void app;
  void deps;
}
