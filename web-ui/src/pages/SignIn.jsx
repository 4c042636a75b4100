import { useState } from 'preact/hooks';
import { api, ApiError, session } from '../lib/api.js';

export function SignIn({ reason, onSignedIn }) {
  const [key, setKey] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async e => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const me = await api('/me', { key: key.trim() });
      session.set(key.trim());
      onSignedIn(me);
    } catch (err) {
      setError(err instanceof ApiError && err.status === 401 ? 'That key was not accepted.' : 'Could not reach the API: ' + err.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="signin">
      <h1 tabindex="-1">Sign in</h1>
      {reason && <p class="notice" role="status">{reason}</p>}
      <form class="card" onSubmit={submit}>
        <div class="field">
          <label for="key">API key</label>
          <input id="key" type="password" autocomplete="off" required placeholder="sk-…" value={key}
            onInput={e => setKey(e.currentTarget.value)} aria-describedby="key-help key-error" aria-invalid={error ? 'true' : undefined} />
          <span class="help" id="key-help">Kept for this browser tab only (sessionStorage). <code>./sculptor start</code> prints a team key.</span>
          <span class="error" id="key-error" role="alert">{error}</span>
        </div>
        <button type="submit" disabled={busy || !key.trim()}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </section>
  );
}
