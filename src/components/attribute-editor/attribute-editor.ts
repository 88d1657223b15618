import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { live } from 'lit/directives/live.js';
import { themeStyles, type ThemeMode } from '../theme/theme.js';
import { msg } from '../strings.js';
import { StringsController } from '../strings-controller.js';
import type { DlParseError } from '../../entities/errors.js';
import {
  readAttributeDefinitions,
  inScope,
  hasValue,
  missingRequired,
  type AttributeDefinition,
} from './attribute-definitions.js';
import { DlAttributesChangeEvent } from './attributes-change-event.js';
import { attributeEditorStyles } from './attribute-editor.styles.js';

let uid = 0;

/**
 * Edits the v2 attributes of one annotation: the definitions in the ontology's
 * `metadata.attributes` whose scope includes `label`, with the values of `value` (the
 * annotation's `metadata.system.attributes` dict). Checkbox (several options), radio (one
 * option), range (slider with min/max/step), boolean (Yes/No) and free text. Optional attributes
 * can be cleared; required ones that are unset are marked and listed by `missing`.
 *
 * @summary v2 attribute editor for a Dataloop annotation.
 * @fires dl-attributes-change - The user changed one attribute. `detail: { attributes, key, label }`, `attributes` is the whole new dict.
 * @csspart base - The outer box.
 * @csspart field - One attribute's group.
 * @csspart title - An attribute's title.
 * @csspart input - Every input element.
 *
 * @example
 * const editor = document.createElement('dl-attribute-editor');
 * editor.ontology = ontologyJson;
 * editor.label = 'vehicle.car';
 * editor.value = annotation.metadata.system.attributes ?? {};
 * editor.addEventListener('dl-attributes-change', (e) => save(e.detail.attributes));
 */
export class DlAttributeEditor extends LitElement {
  static override styles = [themeStyles, attributeEditorStyles];

  /** Ontology JSON (definitions in `metadata.attributes`), an Ontology entity, or an array of definitions. */
  @property({ attribute: false }) ontology: unknown = null;

  /** Full label name whose attributes are shown (`parent.child`). */
  @property() label: string | null = null;

  /** The attributes dict (`metadata.system.attributes`). Setting it never fires an event. */
  @property({ attribute: false }) value: Record<string, unknown> = {};

  /** `light`, `dark` or `auto`; absent inherits. */
  @property({ reflect: true }) theme?: ThemeMode;

  /** Renders every input disabled. */
  @property({ type: Boolean, reflect: true }) disabled = false;

  /** Slider position while dragging, before `change` commits it. */
  @state() private rangePreview: { key: string; value: number } | null = null;

  private definitions: AttributeDefinition[] = [];
  private parseErrors: DlParseError[] = [];
  private readonly idPrefix = `dl-attr-${++uid}`;

  constructor() {
    super();
    new StringsController(this);
  }

  /** Definitions that could not be read, each naming its JSON path. */
  get errors(): readonly DlParseError[] {
    return this.parseErrors;
  }

  /** Definitions that apply to the current label. */
  get visibleDefinitions(): readonly AttributeDefinition[] {
    return this.definitions.filter((d) => inScope(d, this.label));
  }

  /** Keys of required (non-optional) attributes of the current label that have no value. */
  get missing(): string[] {
    return missingRequired(this.definitions, this.label, this.value).map((d) => d.key);
  }

  /**
   * Focuses the field of the first required attribute without a value (its checked option, else
   * its first); false when every required attribute is set or the fields are not rendered yet.
   */
  focusFirstMissing(): boolean {
    const key = this.missing[0];
    return key !== undefined && this.focusField(key);
  }

  /**
   * Focuses the field of attribute `key` (its checked option, else its first input); false when
   * it is not rendered (out of scope for the label, or not yet drawn).
   */
  focusField(key: string): boolean {
    const field = [...this.renderRoot.querySelectorAll<HTMLElement>('[data-key]')].find((f) => f.dataset.key === key);
    const inputs = [...(field?.querySelectorAll<HTMLInputElement>('input') ?? [])];
    const input = inputs.find((i) => i.checked) ?? inputs[0];
    if (!input) return false;
    input.focus();
    return (this.renderRoot as ShadowRoot).activeElement === input;
  }

  /** The key of the attribute whose field has the focus; undefined when none has. */
  get focusedKey(): string | undefined {
    const a = (this.renderRoot as ShadowRoot).activeElement;
    return a?.closest<HTMLElement>('[data-key]')?.dataset.key;
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('ontology')) {
      const read = readAttributeDefinitions(this.ontology);
      this.definitions = read.definitions;
      this.parseErrors = read.errors;
    }
  }

  override render() {
    const defs = this.visibleDefinitions;
    return html`<div part="base" class="base" role="group" aria-label=${msg('attributeEditor.attributes')}>
      ${defs.length === 0 ? html`<div class="empty">${msg('attributeEditor.none')}</div>` : defs.map((d) => this.renderField(d))}
      ${
        this.parseErrors.length
          ? html`<ul class="errors" part="errors">${this.parseErrors.map((e) => html`<li>${e.message}</li>`)}</ul>`
          : nothing
      }
    </div>`;
  }

  private header(d: AttributeDefinition, set: boolean): TemplateResult {
    const missing = !d.optional && !set;
    return html`<span part="title" class="title-text">${d.title}</span>
      <span class="hint ${missing ? 'required' : ''}">${d.optional ? msg('attributeEditor.optional') : missing ? msg('attributeEditor.required') : ''}</span>
      ${
        d.optional && set && d.kind !== 'checkbox'
          ? html`<button type="button" class="clear" part="clear" ?disabled=${this.disabled} @click=${() => this.commit(d, undefined)}
            aria-label="${msg('attributeEditor.clear')} ${d.title}">${msg('attributeEditor.clear')}</button>`
          : nothing
      }`;
  }

  private renderField(d: AttributeDefinition): TemplateResult {
    const v = this.value?.[d.key];
    const set = hasValue(d, v);
    const id = `${this.idPrefix}-${d.key}`;
    switch (d.kind) {
      case 'checkbox':
      case 'radio':
      case 'boolean': {
        const opts =
          d.kind === 'boolean'
            ? [
                { value: true, label: msg('attributeEditor.yes') },
                { value: false, label: msg('attributeEditor.no') },
              ]
            : d.values;
        const selected = (o: unknown) => (d.kind === 'checkbox' ? Array.isArray(v) && v.includes(o) : v === o);
        return html`<fieldset part="field" data-key=${d.key} role=${d.kind === 'checkbox' ? 'group' : 'radiogroup'}
            aria-required=${d.kind === 'checkbox' ? nothing : String(!d.optional)}>
          <legend>${this.header(d, set)}</legend>
          <div class="choices">
            ${opts.map(
              (o) => html`<label class="choice">
              <input part="input" type=${d.kind === 'checkbox' ? 'checkbox' : 'radio'} name=${id}
                .checked=${live(selected(o.value))} ?disabled=${this.disabled}
                @change=${(e: Event) => this.onChoice(d, o.value, (e.target as HTMLInputElement).checked)} />
              <span>${o.label}</span>
            </label>`,
            )}
          </div>
        </fieldset>`;
      }
      case 'range': {
        const preview = this.rangePreview?.key === d.key ? this.rangePreview.value : undefined;
        const n = preview ?? (typeof v === 'number' ? v : d.range.min);
        return html`<div part="field" data-key=${d.key}>
          <div class="title"><label for=${id}>${this.header(d, set)}</label></div>
          <div class="range">
            <input part="input" id=${id} type="range" min=${d.range.min} max=${d.range.max} step=${d.range.step}
              .value=${live(String(n))} ?disabled=${this.disabled} aria-required=${String(!d.optional)}
              aria-valuetext=${set ? String(n) : msg('attributeEditor.unset')}
              @input=${(e: Event) => (this.rangePreview = { key: d.key, value: Number((e.target as HTMLInputElement).value) })}
              @change=${(e: Event) => this.commit(d, Number((e.target as HTMLInputElement).value))} />
            <output for=${id}>${preview !== undefined || set ? String(n) : '–'}</output>
          </div>
        </div>`;
      }
      case 'freeText':
        return html`<div part="field" data-key=${d.key}>
          <div class="title"><label for=${id}>${this.header(d, set)}</label></div>
          <input part="input" id=${id} type="text" .value=${live(typeof v === 'string' ? v : '')} ?disabled=${this.disabled}
            aria-required=${String(!d.optional)}
            @change=${(e: Event) => {
              const text = (e.target as HTMLInputElement).value;
              this.commit(d, text === '' ? undefined : text);
            }} />
        </div>`;
    }
  }

  private onChoice(d: AttributeDefinition, option: unknown, checked: boolean): void {
    if (d.kind === 'checkbox') {
      const current = Array.isArray(this.value?.[d.key]) ? (this.value[d.key] as unknown[]) : [];
      // Keep the ontology's option order, whatever order the user clicked in.
      const next = d.values.map((o) => o.value).filter((o) => (o === option ? checked : current.includes(o)));
      this.commit(d, next);
    } else if (checked) {
      this.commit(d, option);
    }
  }

  private commit(d: AttributeDefinition, next: unknown): void {
    const attributes: Record<string, unknown> = { ...(this.value ?? {}) };
    this.rangePreview = null;
    if (next === undefined) delete attributes[d.key];
    else attributes[d.key] = next;
    this.value = attributes;
    this.dispatchEvent(
      new DlAttributesChangeEvent({ attributes: structuredClone(attributes), key: d.key, label: this.label }),
    );
  }
}
