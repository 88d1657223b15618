import type { ThemeMode } from 'dl-kit/components';

/** The demo's theme choice (kept across visits). `auto` follows the system. */
export type ThemeChoice = ThemeMode;

const KEY = 'dl-kit-demo:theme';
const listeners = new Set<(t: ThemeChoice) => void>();

/** The saved choice, `auto` when none. */
export function themeChoice(): ThemeChoice {
  const v = localStorage.getItem(KEY);
  return v === 'light' || v === 'dark' ? v : 'auto';
}

/** `light` or `dark`: what `auto` resolves to now. */
export function resolvedTheme(choice = themeChoice()): 'light' | 'dark' {
  if (choice !== 'auto') return choice;
  return matchMedia('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/**
 * Saves and applies a choice: `data-theme` on `<html>` (the page behind the app and the scroll
 * bars) and every listener (the app shell sets `theme` on itself; the dl-kit tokens it declares
 * inherit into every screen and every dl-* element inside).
 */
export function setThemeChoice(choice: ThemeChoice): void {
  if (choice === 'auto') localStorage.removeItem(KEY);
  else localStorage.setItem(KEY, choice);
  applyToDocument(choice);
  for (const l of listeners) l(choice);
}

/** Calls `fn` on every change; returns the unsubscribe. */
export function onThemeChange(fn: (t: ThemeChoice) => void): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** Marks `<html>` with the choice (index.html does the same before the app loads, so no flash). */
export function applyToDocument(choice = themeChoice()): void {
  document.documentElement.dataset.theme = choice;
}
