/** The chat's page, its style and its script: three plain files beside this one. */
const asset = (file: string) => readFileSync(new URL(file, import.meta.url), 'utf8');
const page = asset('chat.html');

defineClosingHandler('/', {}, () => page);
defineClosingHandler('/index', {}, () => page);
defineClosingHandler('/chat.css', {}, () => asset('chat.css'), 'text/css');
defineClosingHandler('/chat.js', {}, () => asset('chat.js'), 'text/javascript');
