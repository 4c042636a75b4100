// Server-sent events over fetch(). EventSource cannot send an Authorization header, and putting
// the API key into a URL (?access_token=) would leave it in logs and history, so the job page
// reads the text/event-stream body itself. The parser is pure (test/sse.test.js).

/** Incremental text/event-stream parser (WHATWG HTML §9.2): feed chunks, get complete events. */
export class SseParser {
  constructor() {
    this.buffer = '';
    this.data = [];
    this.event = '';
    this.id = null;
  }

  /** @returns {{event: string, data: string, id: string|null}[]} events completed by this chunk */
  feed(chunk) {
    this.buffer += chunk;
    const out = [];
    let nl;
    while ((nl = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      // A lone \r at the very end may be the first half of \r\n: wait for more.
      if (this.buffer[nl] === '\r' && nl === this.buffer.length - 1) break;
      const line = this.buffer.slice(0, nl);
      this.buffer = this.buffer.slice(nl + (this.buffer.startsWith('\r\n', nl) ? 2 : 1));
      if (line === '') {
        if (this.data.length) out.push({ event: this.event || 'message', data: this.data.join('\n'), id: this.id });
        this.data = [];
        this.event = '';
        continue;
      }
      if (line.startsWith(':')) continue;
      const colon = line.indexOf(':');
      const field = colon < 0 ? line : line.slice(0, colon);
      let value = colon < 0 ? '' : line.slice(colon + 1);
      if (value.startsWith(' ')) value = value.slice(1);
      if (field === 'data') this.data.push(value);
      else if (field === 'event') this.event = value;
      else if (field === 'id') this.id = value;
    }
    return out;
  }
}

const FINAL = new Set(['SUCCEEDED', 'FAILED', 'CANCELLED']);

/**
 * Follows an SSE endpoint until `signal` aborts or the job reaches its final status (the server
 * then ends the stream), reconnecting with backoff when the stream ends early or fails. An event
 * named 'resync' (the server dropped events for a slow reader) reaches `onEvent` like any other:
 * its handler reads the job again. `onEvent(parsedJson)` gets each event's JSON data; `onState('live'|'reconnecting'|'closed')`
 * says whether the page is live.
 */
export async function followEvents(url, headers, { onEvent, onState, signal }) {
  let delay = 500;
  while (!signal.aborted) {
    try {
      const res = await fetch(url, { headers: { ...headers, Accept: 'text/event-stream' }, signal, cache: 'no-store' });
      // 4xx (no such job, key revoked) will not get better by retrying: stop.
      if (res.status >= 400 && res.status < 500) {
        onState?.('closed');
        return;
      }
      if (!res.ok || !res.body) throw new Error('events: HTTP ' + res.status);
      onState?.('live');
      delay = 500;
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      const parser = new SseParser();
      let finished = false;
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        for (const e of parser.feed(value)) {
          let event;
          try {
            event = JSON.parse(e.data);
          } catch {
            continue; // not JSON (a future event kind): nothing to show
          }
          if (FINAL.has(event.status) && event.type === 'STATUS') finished = true;
          onEvent(event);
        }
      }
      if (finished) {
        onState?.('closed');
        return;
      }
    } catch (e) {
      if (signal.aborted) return;
    }
    if (signal.aborted) return;
    onState?.('reconnecting');
    await new Promise(r => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10_000);
  }
}
