import { LitElement, html } from 'lit';
import { customElement, state } from 'lit/decorators.js';
import { signIn } from './session.js';
import { screenStyles } from './styles.js';
import { go, href } from './router.js';

interface DemoUser {
  email: string;
  role: string;
  note: string;
}

/** Sign-in: the seeded users (password "demo") as one-click choices, or email + password. */
@customElement('demo-login')
export class DemoLogin extends LitElement {
  static override styles = [screenStyles];
  @state() private users: DemoUser[] = [];
  @state() private error = '';
  @state() private busy = false;
  @state() private email = '';
  @state() private password = '';

  override connectedCallback(): void {
    super.connectedCallback();
    void fetch(new URL('/demo/users', location.href))
      .then((r) => r.json())
      .then((u: DemoUser[]) => (this.users = u))
      .catch(() => (this.error = 'The demo server does not answer. Is `npm run demo` running?'));
  }

  private async submit(e: Event): Promise<void> {
    e.preventDefault();
    this.busy = true;
    this.error = '';
    try {
      await signIn(this.email.trim(), this.password);
      go(href('projects'));
    } catch (err) {
      this.error = (err as Error).message;
    } finally {
      this.busy = false;
    }
  }

  override render() {
    return html`<div class="card" style="max-width: 520px; margin: 40px auto">
      <h1>Sign in to the dl-kit demo</h1>
      <p class="muted">A local Dataloop-compatible server with a seeded sample project. Every user's password is <code>demo</code>.</p>
      <form @submit=${this.submit} class="row" style="margin-bottom: 16px">
        <input name="email" type="email" placeholder="email" aria-label="Email" required .value=${this.email} @input=${(e: Event) => (this.email = (e.target as HTMLInputElement).value)} />
        <input name="password" type="password" placeholder="password" aria-label="Password" required .value=${this.password} @input=${(e: Event) => (this.password = (e.target as HTMLInputElement).value)} />
        <button class="primary" type="submit" ?disabled=${this.busy}>Sign in</button>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : ''}
      <h2>Seeded users</h2>
      ${this.users.length === 0 && !this.error ? html`<p class="muted" role="status">Loading the seeded users…</p>` : ''}
      <ul style="padding: 0; list-style: none; display: grid; gap: 6px">
        ${this.users.map(
          (u) => html`<li class="row" style="flex-wrap: nowrap">
            <button data-user=${u.email} @click=${() => {
              this.email = u.email;
              this.password = 'demo';
              void this.submit(new Event('submit'));
            }}>${u.email}</button>
            <span class="muted" style="flex: 1">${u.role} — ${u.note}</span>
          </li>`,
        )}
      </ul>
    </div>`;
  }
}
