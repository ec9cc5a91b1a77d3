// Test support for the feature views: render into happy-dom with react-dom/client inside act, and
// find elements the way a person with a screen reader (and the end-to-end tests) would: by role and
// accessible name. A small stand-in for Testing Library, which this project does not install.
import { FluentProvider, teamsLightTheme } from '@fluentui/react-components';
import { act, type ReactElement } from 'react';
import { createRoot, type Root } from 'react-dom/client';

(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

const IMPLICIT_ROLES: Record<string, string> = {
  BUTTON: 'button',
  TEXTAREA: 'textbox',
  SELECT: 'combobox',
  H1: 'heading',
  H2: 'heading',
  H3: 'heading',
  H4: 'heading',
  UL: 'list',
  OL: 'list',
  LI: 'listitem',
  TABLE: 'table',
  TR: 'row',
  TD: 'cell',
  TH: 'columnheader',
  OPTION: 'option',
  FORM: 'form',
};

export function roleOf(element: Element): string | null {
  const explicit = element.getAttribute('role');
  if (explicit !== null) return explicit.split(' ')[0] ?? null;
  if (element.tagName === 'A') return element.hasAttribute('href') ? 'link' : null;
  if (element.tagName === 'SECTION') {
    return element.hasAttribute('aria-label') || element.hasAttribute('aria-labelledby')
      ? 'region'
      : null;
  }
  if (element.tagName === 'INPUT') {
    const type = (element.getAttribute('type') ?? 'text').toLowerCase();
    if (type === 'checkbox') return 'checkbox';
    if (type === 'radio') return 'radio';
    if (type === 'button' || type === 'submit') return 'button';
    return 'textbox';
  }
  return IMPLICIT_ROLES[element.tagName] ?? null;
}

function textOf(element: Element): string {
  if (isHidden(element)) return '';
  return [...element.childNodes]
    .map((node) => {
      if (node.nodeType === 3) return node.textContent ?? '';
      if (node.nodeType !== 1) return '';
      const child = node as Element;
      return child.getAttribute('aria-label') ?? textOf(child);
    })
    .join('');
}

export function nameOf(element: Element): string {
  const document = element.ownerDocument;
  const labelledBy = element.getAttribute('aria-labelledby');
  if (labelledBy !== null) {
    return normalize(
      labelledBy
        .split(/\s+/)
        .map((id) => document.getElementById(id))
        .map((label) => (label === null ? '' : textOf(label)))
        .join(' '),
    );
  }
  const label = element.getAttribute('aria-label');
  if (label !== null) return normalize(label);
  if (['INPUT', 'TEXTAREA', 'SELECT'].includes(element.tagName)) {
    const id = element.getAttribute('id');
    const forLabel = id === null ? null : document.querySelector(`label[for="${CSS.escape(id)}"]`);
    const wrapping = element.closest('label');
    return normalize(forLabel ? textOf(forLabel) : wrapping ? textOf(wrapping) : '');
  }
  return normalize(textOf(element));
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

function isHidden(element: Element): boolean {
  if (element.closest('[hidden], [aria-hidden="true"]') !== null) return true;
  // A closed <details> shows only its <summary>.
  const details = element.closest('details:not([open])');
  return details !== null && element.closest('summary')?.parentElement !== details;
}

/** Opens a <details> by its summary text, as a click on the summary would. */
export async function openDetails(root: Element, summary: string): Promise<void> {
  const found = [...root.querySelectorAll('summary')].find(
    (element) => normalize(element.textContent ?? '') === summary,
  );
  if (found === undefined) throw new Error(`No <summary> reads "${summary}".`);
  await act(async () => {
    found.parentElement?.setAttribute('open', '');
  });
}

export type NameMatcher = string | RegExp;

function matches(name: string, matcher: NameMatcher | undefined): boolean {
  if (matcher === undefined) return true;
  return typeof matcher === 'string' ? name === matcher : matcher.test(name);
}

export function queryAllByRole(root: Element, role: string, name?: NameMatcher): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('*')].filter(
    (element) => !isHidden(element) && roleOf(element) === role && matches(nameOf(element), name),
  );
}

export function getByRole(root: Element, role: string, name?: NameMatcher): HTMLElement {
  const found = queryAllByRole(root, role, name);
  if (found.length !== 1) {
    const all = queryAllByRole(root, role).map((element) => JSON.stringify(nameOf(element)));
    throw new Error(
      `Expected one ${role} named ${String(name)}, found ${found.length}. ${role}s: ${all.join(', ')}`,
    );
  }
  return found[0] as HTMLElement;
}

export function queryByRole(root: Element, role: string, name?: NameMatcher): HTMLElement | null {
  return queryAllByRole(root, role, name)[0] ?? null;
}

export interface Rendered {
  readonly container: HTMLElement;
  rerender(element: ReactElement): Promise<void>;
  unmount(): void;
  getByRole(role: string, name?: NameMatcher): HTMLElement;
  queryByRole(role: string, name?: NameMatcher): HTMLElement | null;
  getAllByRole(role: string, name?: NameMatcher): HTMLElement[];
  /** The visible text of the whole view, white space collapsed. */
  text(): string;
}

const mounted: Root[] = [];

export async function renderView(element: ReactElement): Promise<Rendered> {
  const container = document.createElement('div');
  document.body.append(container);
  const root = createRoot(container);
  mounted.push(root);
  const wrap = (child: ReactElement) => (
    <FluentProvider theme={teamsLightTheme}>{child}</FluentProvider>
  );
  await act(async () => root.render(wrap(element)));
  return {
    container,
    rerender: async (next) => {
      await act(async () => root.render(wrap(next)));
    },
    unmount: () => {
      act(() => root.unmount());
      container.remove();
    },
    getByRole: (role, name) => getByRole(container, role, name),
    queryByRole: (role, name) => queryByRole(container, role, name),
    getAllByRole: (role, name) => queryAllByRole(container, role, name),
    text: () => normalize(container.textContent ?? ''),
  };
}

export async function click(element: HTMLElement): Promise<void> {
  await act(async () => {
    element.click();
  });
}

/** Types into an input or text area the way React notices: the native setter, then `input`. */
export async function typeInto(element: HTMLElement, value: string): Promise<void> {
  const prototype =
    element.tagName === 'TEXTAREA'
      ? HTMLTextAreaElement.prototype
      : element.tagName === 'SELECT'
        ? HTMLSelectElement.prototype
        : HTMLInputElement.prototype;
  const setter = Object.getOwnPropertyDescriptor(prototype, 'value')?.set;
  await act(async () => {
    setter?.call(element, value);
    element.dispatchEvent(
      new Event(element.tagName === 'SELECT' ? 'change' : 'input', { bubbles: true }),
    );
  });
}

export async function pressKey(
  key: string,
  target: EventTarget = document.body,
  init: KeyboardEventInit = {},
): Promise<void> {
  await act(async () => {
    target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, ...init }));
  });
}

/** Lets pending promises (a command the view awaits) settle inside act. */
export async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((resolve) => setTimeout(resolve, 0));
  });
}
