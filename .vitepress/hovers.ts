// Hover popups rendered as plain HTML inside each code block, so a block is static markup.
//
// @shikijs/vitepress-twoslash wraps every hover in a FloatingVue component. That makes each block a
// Vue render function with one call per token (a page's JavaScript grew past 1 MB, and bundling it
// was most of the site's build time). With @shikijs/twoslash's own transformer and this renderer,
// every hover stays a <span> with its popup inside it, the block keeps VitePress's `v-pre`, and a
// few lines in the theme (theme/hovers.ts) float the popup above the page when a reader points at it.
import { rendererRich, type RendererRichOptions, type TwoslashRenderer } from '@shikijs/twoslash';
import type { ElementContent, Root } from 'hast';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toHast } from 'mdast-util-to-hast';
import type { CodeToHastOptions, ShikiTransformerContext } from 'shiki';

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

/** Twoslash's rich renderer with the classes the theme styles: docs read like the page, popups aren't copied. */
export function staticHoverRenderer(options: RendererRichOptions = {}): TwoslashRenderer {
  return highlightingEachTypeOnce(rendererRich({
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

const highlightedTypes = new Map<string, Root>();

/** The same renderer, highlighting each type text once per build. A page shows the same few types hundreds
 *  of times (`channel: Channel`), and each hover's popup (`nodeStaticInfo`) and each query's box
 *  (`lineQuery`) highlights its own: they get a context whose `codeToHast` hands out copies of the first
 *  result. (The themes, the other thing a highlight depends on, are the site's, the same for every block.) */
function highlightingEachTypeOnce(renderer: TwoslashRenderer): TwoslashRenderer {
  const once = (context: ShikiTransformerContext): ShikiTransformerContext => Object.assign(Object.create(context), {
    codeToHast(code: string, options: CodeToHastOptions): Root {
      const key = `${options.lang}\0${options.structure}\0${code}`;
      let tree = highlightedTypes.get(key);
      if (!tree) highlightedTypes.set(key, tree = context.codeToHast(code, options));
      return structuredClone(tree);
    },
  });
  const { nodeStaticInfo, lineQuery } = renderer;
  return {
    ...renderer,
    nodeStaticInfo(info, node) { return nodeStaticInfo.call(once(this), info, node); },
    lineQuery: lineQuery && function (query, node) { return lineQuery.call(once(this), query, node); },
  };
}
