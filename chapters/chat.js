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
/** The open stream, for the room we are in. Switching rooms replaces it. */
let events = null;

function listen(room) {
  events?.close();
  ui.messages.replaceChildren();
  ui.empty.hidden = false;
  ui.roomName.textContent = room;
  showStatus('connecting');

  const url = `/source?room=${encodeURIComponent(room)}`;
  const stream = new EventSource(url);
  events = stream;
  stream.addEventListener('joined', () => {
    showStatus('live');
    showError('');
  });
  stream.addEventListener('message', (event) => {
    show(JSON.parse(event.data));
  });
  stream.addEventListener('error', () => {
    if (stream !== events) return;
    showStatus('reconnecting');
    // While the server is away, the browser retries by itself, as often as
    // the server said. It gives up only on an answer that isn't a stream.
    if (stream.readyState === EventSource.CLOSED) {
      explainRefusal(stream, url, room);
    }
  });
}

/** EventSource can't see why a stream was refused, so we ask again with
 *  fetch. A 400 says what is wrong with the room, and we show it.
 *  Anything else, we try again in a moment. */
async function explainRefusal(stream, url, room) {
  const request = new AbortController();
  try {
    const response = await fetch(url, { signal: request.signal });
    if (response.status === 400) {
      showStatus('refused');
      return showError(await response.text());
    }
  } catch {
    // unreachable: retry below
  } finally {
    request.abort();
  }
  setTimeout(() => { if (stream === events) listen(room); }, 2000);
}

function showStatus(state) {
  ui.status.dataset.state = state;
  ui.status.textContent = {
    connecting: 'connecting…',
    live: 'live',
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
