/** The front-end is three plain files next to this one, read once, at start. */
function asset(file: string, contentType: string, headers = {}): Response {
  const body = readFileSync(new URL(file, import.meta.url), 'utf8');
  return { status: 200, contentType, body, headers };
}

/** Only our own files may run or style the page: even if some HTML slipped into it,
 *  no inline script or event handler attribute (`onerror=…`) would run. */
const CONTENT_SECURITY_POLICY =
  "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/** Each `<input name="…">` of the page whose name is declared gets that parameter's rules
 *  as attributes: `<input name="room">` is served as
 *  `<input name="room" required minlength="1" maxlength="16">`. */
function withRules(page: Response, declaration: Declaration): Response {
  const input = /<input\b[^>]*\sname="([^"]*)"[^>]*?(?=\s*>)/g;
  const body = page.body.replace(input, (tag, name: string) =>
    Object.hasOwn(declaration, name)
      ? [tag, ...formAttributes(declaration[name]!)].join(' ')
      : tag);
  return { ...page, body };
}

const frontEnd = {
  page: withRules(asset('chat.html', 'text/html', {
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  }), messageFields),
  styles: asset('chat.css', 'text/css'),
  script: asset('chat.js', 'text/javascript'),
};
