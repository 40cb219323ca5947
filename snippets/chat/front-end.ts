/** The front-end is three plain files next to this one, read once, at start. */
function asset(file: string, contentType: string, headers = {}): Response {
  const body = readFileSync(new URL(file, import.meta.url), 'utf8');
  return { status: 200, contentType, body, headers };
}

/** Only our own files may run or style the page: even if some HTML slipped into it,
 *  no inline script or event handler attribute (`onerror=…`) would run. */
const CONTENT_SECURITY_POLICY = "default-src 'self'; base-uri 'none'; form-action 'self'";

const frontEnd = {
  page: asset('chat.html', 'text/html', {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  }),
  styles: asset('chat.css', 'text/css'),
  script: asset('chat.js', 'text/javascript'),
};
