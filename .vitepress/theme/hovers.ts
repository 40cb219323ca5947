/// <reference lib="dom" />
// Hover popups for the static code blocks (see ../hovers.ts). Each name in a block carries its popup
// as hidden HTML; pointing at the name shows a copy of it in one floating panel attached to the body,
// so a code block's scrolling box never clips it. The panel has the classes FloatingVue gives its
// poppers, so @shikijs/vitepress-twoslash's stylesheet dresses it exactly as before.

const GAP_PX = 4;
const MARGIN_PX = 10;

let panel: HTMLElement | undefined;
let shownFor: Element | undefined;

function createPanel(): HTMLElement {
  const popper = document.createElement('div');
  popper.className = 'v-popper__popper v-popper--theme-twoslash v-popper__popper--hidden shiki twoslash-floating vp-copy-ignore vp-code';
  popper.innerHTML = '<div class="v-popper__wrapper"><div class="v-popper__inner"><div></div></div></div>';
  popper.style.position = 'absolute';
  popper.addEventListener('mouseleave', (event) => {
    if (!shownFor?.contains(event.relatedTarget as Node | null)) hide();
  });
  document.body.append(popper);
  return popper;
}

function show(token: Element): void {
  const popup = token.querySelector(':scope > .twoslash-popup-container');
  if (!popup || token === shownFor) return;
  panel ??= createPanel();
  panel.querySelector('.v-popper__inner > div')!.replaceChildren(popup.cloneNode(true));
  shownFor = token;
  const viewport = document.documentElement.clientWidth;
  panel.style.maxWidth = `${viewport - 2 * MARGIN_PX}px`;
  panel.style.left = '0px'; // measure the popup's own width, not what is left of the line
  const box = token.getBoundingClientRect();
  const left = Math.max(MARGIN_PX, Math.min(box.left, viewport - panel.offsetWidth - MARGIN_PX));
  panel.style.left = `${left + window.scrollX}px`;
  panel.style.top = `${box.bottom + GAP_PX + window.scrollY}px`;
  panel.classList.replace('v-popper__popper--hidden', 'v-popper__popper--shown');
}

function hide(): void {
  shownFor = undefined;
  panel?.classList.replace('v-popper__popper--shown', 'v-popper__popper--hidden');
}

const tokenAt = (target: EventTarget | null) =>
  target instanceof Element ? target.closest('.vp-doc .twoslash-hover') : null;

/** Listens once on the document, so pages that arrive by client-side navigation work too. */
export function installHovers(): void {
  document.addEventListener('mouseover', (event) => {
    const token = tokenAt(event.target);
    if (token) show(token);
  });
  document.addEventListener('mouseout', (event) => {
    const leaving = tokenAt(event.target);
    const entering = event.relatedTarget as Node | null;
    if (leaving && leaving === shownFor && !leaving.contains(entering) && !panel?.contains(entering)) hide();
  });
  // On a touch screen a tap shows a name's popup, and a tap anywhere else hides it.
  document.addEventListener('click', (event) => {
    const token = tokenAt(event.target);
    if (token) show(token);
    else if (!panel?.contains(event.target as Node)) hide();
  });
  window.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') hide();
  });
}
