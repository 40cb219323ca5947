// Hover popups rendered as plain HTML inside each code block, so a block is static markup.
//
// @shikijs/vitepress-twoslash wraps every hover in a FloatingVue component. That makes each block a
// Vue render function with one call per token (a page's JavaScript grew past 1 MB, and bundling it
// was most of the site's build time). With @shikijs/twoslash's own transformer and this renderer,
// every hover stays a <span> with its popup inside it, the block keeps VitePress's `v-pre`, and a
// few lines in the theme (theme/hovers.ts) float the popup above the page when a reader points at it.
import { rendererRich, type RendererRichOptions, type TwoslashRenderer } from '@shikijs/twoslash';
import type { ElementContent } from 'hast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toHast } from 'mdast-util-to-hast';

const renderedDocs = new Map<string, ElementContent[]>();

/** The docs part of a popup: TSDoc is markdown. `{@link x}` becomes plain `x`. Each text is rendered once. */
function renderDocs(markdown: string): ElementContent[] {
  let children = renderedDocs.get(markdown);
  if (!children) {
    const tree = fromMarkdown(markdown.replace(/\{@link ([^}]*)\}/g, '$1'), { mdastExtensions: [gfmFromMarkdown()] });
    const hast = toHast(tree);
    children = hast.type === 'root' ? (hast.children as ElementContent[]) : [hast as ElementContent];
    renderedDocs.set(markdown, children);
  }
  return structuredClone(children);
}

/** Inline docs (a `@param` line) without the paragraph around them. */
function renderInlineDocs(markdown: string, context: string): ElementContent[] {
  const text = context === 'tag:param' ? markdown.replace(/^([\w$-]+)/, '`$1` ') : markdown;
  const children = renderDocs(text);
  const [only] = children;
  return children.length === 1 && only?.type === 'element' && only.tagName === 'p' ? only.children : children;
}

type Context = ThisParameterType<NonNullable<TwoslashRenderer['nodeStaticInfo']>>;
type Highlight = Context['codeToHast'];

/**
 * The same type is shown in many popups (`string`, `Socket`, a chapter's own types), and highlighting
 * one is a grammar run: remember each, keyed by everything the result depends on. Callers get a copy,
 * since later transformers may change the tree they are given.
 */
function remembering(highlight: Highlight, seen: Map<string, ReturnType<Highlight>>): Highlight {
  return (code, options) => {
    const key = `${options.lang}\0${options.structure}\0${code}`;
    let tree = seen.get(key);
    if (!tree) seen.set(key, (tree = highlight(code, options)));
    return structuredClone(tree);
  };
}

/** Every renderer method runs with a context whose `codeToHast` remembers what it highlighted. */
function withRememberedHighlights(renderer: TwoslashRenderer): TwoslashRenderer {
  const seen = new Map<string, ReturnType<Highlight>>();
  const methods = Object.entries(renderer).map(([name, method]: [string, (this: Context, ...args: unknown[]) => unknown]) =>
    [name, function (this: Context, ...args: unknown[]) {
      const context = Object.create(this, { codeToHast: { value: remembering(this.codeToHast.bind(this), seen) } });
      return method.apply(context, args);
    }]);
  return Object.fromEntries(methods) as TwoslashRenderer;
}

/** Twoslash's rich renderer with the classes the theme styles: docs read like the page, popups aren't copied. */
export function staticHoverRenderer(options: RendererRichOptions = {}): TwoslashRenderer {
  return withRememberedHighlights(rendererRich({
    classExtra: 'vp-copy-ignore',
    renderMarkdown: renderDocs,
    renderMarkdownInline: renderInlineDocs,
    ...options,
    hast: {
      popupDocs: { class: 'twoslash-popup-docs vp-doc' },
      popupDocsTags: { class: 'twoslash-popup-docs twoslash-popup-docs-tags vp-doc' },
      popupError: { class: 'twoslash-popup-error vp-doc' },
      ...options.hast,
    },
  }));
}
