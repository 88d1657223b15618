// The label a demo item starts on: the one last drawn with, when the item's ontology has it.
import { describe, expect, it } from 'vitest';
import { startLabel } from './start-label.js';

describe('startLabel', () => {
  it('starts on the label last drawn with when the ontology has it', () => {
    expect(startLabel('person', ['car', 'person', 'tree'])).toBe('person');
  });
  it('starts on the ontology’s first label when it lacks that label, or nothing was drawn yet', () => {
    expect(startLabel('person', ['bus', 'sign'])).toBe('bus');
    expect(startLabel(null, ['bus', 'sign'])).toBe('bus');
  });
  it('has no label for an ontology without labels', () => {
    expect(startLabel('person', [])).toBeNull();
  });
});
