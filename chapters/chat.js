// The chat's front-end: plain browser JavaScript, no framework, no build step.
// It listens to one room over Server-Sent Events and sends messages as form posts.

// #region elements
const $ = (id) => document.getElementById(id);
const ui = {
  status: $('status'), error: $('error'),
  join: $('join'), name: $('name'), room: $('room'),
  roomName: $('room-name'), messages: $('messages'), empty: $('empty'),
  send: $('send'), message: $('message'),
};
// #endregion elements

// #region listen
/** The room we are in. Switching rooms leaves it first. */
let current = null;

function listen(room) {
  current?.leave();
  ui.messages.replaceChildren();
  ui.empty.hidden = false;
  ui.roomName.textContent = room;
  showStatus('connecting');
  current = joinRoom(room, {
    status: (state) => {
      showStatus(state);
      if (state === 'live' || state === 'caught-up') showError('');
    },
    message: show,
    missed: showMissed,
    refused: (text) => { showStatus('refused'); showError(text); },
  });
}

/** A browser opens at most six HTTP/1.1 connections to one server, so a stream per
 *  tab would make the seventh tab hang. Instead, the tabs in a room elect one of them
 *  (a Web Lock named after the room: whoever holds it leads) to hold the stream, and
 *  the leader passes what it hears to the others over a BroadcastChannel. When the
 *  leader closes, the next tab in line gets the lock and reconnects from the last id
 *  it heard, so nothing is lost in the handover. */
function joinRoom(room, on) {
  const name = `house-chat:${room}`;
  const tabs = new BroadcastChannel(name);
  const left = new AbortController();
  let lastId = '';
  let leader = null;

  const hear = (kind, data) => {
    if (kind === 'message') lastId = data.id;
    on[kind](data);
  };
  tabs.onmessage = ({ data: { kind, data } }) => {
    if (kind === 'hello') leader?.greet();
    else hear(kind, data);
  };
  const lead = () => {
    leader = openStream(room, lastId, (kind, data) => {
      hear(kind, data);
      tabs.postMessage({ kind, data });
    });
    return new Promise((resolve) => left.signal.addEventListener('abort', resolve));
  };

  // No Web Locks (a page not served securely): one stream per tab.
  if (navigator.locks === undefined) lead();
  else navigator.locks.request(name, { signal: left.signal }, lead).catch(() => {});
  tabs.postMessage({ kind: 'hello' });

  return {
    leave() {
      left.abort();
      leader?.close();
      tabs.close();
    },
  };
}

/** The stream itself. The status badge follows its life: connecting until `joined`,
 *  live after, reconnecting when it drops, caught up when `joined` comes after a drop. */
function openStream(room, lastId, emit) {
  let stream = null;
  let state = 'connecting';
  let closed = false;
  const status = (next) => emit('status', (state = next));

  const open = () => {
    // EventSource sends Last-Event-ID itself when it reconnects; a new one has no
    // id yet, so it names the last one this tab heard in the address instead.
    const query = new URLSearchParams({ room });
    if (lastId) query.set('lastEventId', lastId);
    const url = `/source?${query}`;
    let dropped = false;
    stream = new EventSource(url);
    stream.addEventListener('joined', () => status(dropped ? 'caught-up' : 'live'));
    stream.addEventListener('missed', () => emit('missed'));
    stream.addEventListener('message', (event) => {
      lastId = event.lastEventId;
      emit('message', { ...JSON.parse(event.data), id: lastId });
    });
    stream.addEventListener('error', () => {
      dropped = true;
      status('reconnecting');
      // While the server is away, the browser retries by itself, as often as the
      // server said, and sends Last-Event-ID. It gives up only on an answer that
      // isn't a stream.
      if (stream.readyState === EventSource.CLOSED) explainRefusal(url, retry, emit);
    });
  };
  const retry = () => { if (!closed) open(); };
  open();

  return {
    /** A tab that just joined the room hears how the stream is doing. */
    greet: () => emit('status', state),
    close() {
      closed = true;
      stream.close();
    },
  };
}

/** EventSource can't see why a stream was refused, so we ask again with
 *  fetch. A 400 says what is wrong with the room, and we show it.
 *  Anything else, we try again in a moment. */
async function explainRefusal(url, retry, emit) {
  const request = new AbortController();
  try {
    const response = await fetch(url, { signal: request.signal });
    if (response.status === 400) return emit('refused', await response.text());
  } catch {
    // unreachable: retry below
  } finally {
    request.abort();
  }
  setTimeout(retry, 2000);
}

function showStatus(state) {
  ui.status.dataset.state = state;
  ui.status.textContent = {
    connecting: 'connecting…',
    live: 'live',
    'caught-up': 'live, caught up',
    reconnecting: 'offline, reconnecting…',
    refused: 'not connected',
  }[state];
}
// #endregion listen

// #region show
/** A message becomes text, never HTML: `<img onerror=…>` is shown, not run. */
function show({ name, message }) {
  const item = document.createElement('li');
  item.className = name === ui.name.value.trim() ? 'mine' : '';
  const who = document.createElement('strong');
  who.textContent = name;
  const what = document.createElement('p');
  what.textContent = message;
  item.append(who, what);
  ui.messages.append(item);
  ui.empty.hidden = true;
  item.scrollIntoView({ block: 'end' });
}
/** The server couldn't tell what we missed while away: say so, where it happened. */
function showMissed() {
  const item = document.createElement('li');
  item.className = 'notice';
  item.textContent = 'Some messages may have been missed while you were away.';
  ui.messages.append(item);
}
// #endregion show

// #region send
/** Posts the message as a form. A 400 from the server says what was wrong. */
async function send(event) {
  event.preventDefault();
  const body = new URLSearchParams({
    room: ui.roomName.textContent,
    name: ui.name.value,
    message: ui.message.value,
  });
  try {
    const response = await fetch('/send-message', { method: 'POST', body });
    if (!response.ok) return showError(await response.text());
    ui.message.value = '';
    showError('');
  } catch {
    showError('The server is unreachable. Your message was not sent.');
  }
}

function showError(text) {
  ui.error.textContent = text.trim();
  ui.error.hidden = text.trim() === '';
}
// #endregion send

// #region start
/** Enter in the message box submits its form: that is "send with Enter". */
ui.send.addEventListener('submit', send);
ui.join.addEventListener('submit', (event) => {
  event.preventDefault();
  localStorage.setItem('house-chat-name', ui.name.value);
  location.hash = encodeURIComponent(ui.room.value);
  listen(ui.room.value);
  ui.message.focus();
});
ui.name.addEventListener('change', () => {
  localStorage.setItem('house-chat-name', ui.name.value);
});

ui.name.value = localStorage.getItem('house-chat-name') ?? '';
ui.room.value = decodeURIComponent(location.hash.slice(1)) || 'lobby';
listen(ui.room.value);
// #endregion start
