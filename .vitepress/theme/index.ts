import type { Theme } from 'vitepress';
import DefaultTheme from 'vitepress/theme';
import '@shikijs/vitepress-twoslash/style.css';
import { installHovers } from './hovers.ts';
import './custom.css';

export default {
  extends: DefaultTheme,
  enhanceApp() {
    if (typeof document !== 'undefined') installHovers();
  },
} satisfies Theme;
