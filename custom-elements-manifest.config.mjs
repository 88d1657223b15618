// custom-elements.json for editors, docs and the "customElements" field of package.json.
// Run by scripts/build.mjs after tsc (`cem analyze`); reads the TSDoc of every component
// (@summary, @fires, @csspart, @cssprop) and Lit's decorators (litelement plugin).

/**
 * `this.dispatchEvent(new DlFooEvent(...))` makes the analyzer record an event with a type but no
 * name next to the named one from `@fires`: keep only named events.
 */
const namedEventsOnly = () => ({
  name: 'dl-kit-named-events-only',
  packageLinkPhase({ customElementsManifest }) {
    for (const mod of customElementsManifest.modules ?? []) {
      for (const decl of mod.declarations ?? []) {
        if (Array.isArray(decl.events))
          decl.events = decl.events.filter((e) => typeof e.name === 'string' && e.name !== '');
      }
    }
  },
});

export default {
  globs: ['src/components/**/*.ts'],
  exclude: [
    'src/components/**/*.test.ts',
    'src/components/**/*.styles.ts',
    'src/components/**/test-utils/**',
    'src/components/**/test-utils.ts',
  ],
  outdir: '.',
  litelement: true,
  // The "customElements" field is in package.json already: never rewrite a shared file at build.
  packagejson: false,
  dependencies: false,
  plugins: [namedEventsOnly()],
};
