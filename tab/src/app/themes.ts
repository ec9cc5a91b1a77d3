import {
  teamsDarkTheme,
  teamsHighContrastTheme,
  teamsLightTheme,
  type Theme,
} from '@fluentui/react-components';
import type { ThemeName } from './panel-model.js';

export const FLUENT_THEMES: Readonly<Record<ThemeName, Theme>> = {
  light: teamsLightTheme,
  dark: teamsDarkTheme,
  contrast: teamsHighContrastTheme,
};

/** Lets the browser draw scroll bars and form controls to match. */
export function applyColorScheme(theme: ThemeName, root: HTMLElement = document.documentElement) {
  root.style.colorScheme = theme === 'light' ? 'light' : 'dark';
  root.style.background = FLUENT_THEMES[theme].colorNeutralBackground1;
}
