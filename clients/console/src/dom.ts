/**
 * A tiny element builder. Text from the API only ever becomes text nodes or attribute values, never
 * markup, so an item title or id such as `<img onerror=…>` is shown, not run.
 */
type Child = Node | string | number | null | undefined | false;
type AttrValue = string | number | boolean | undefined | ((event: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (typeof value === "function") el.addEventListener(name.replace(/^on/, ""), value);
    else if (value === true) el.setAttribute(name, "");
    else el.setAttribute(name, String(value));
  }
  append(el, ...children);
  return el;
}

export function append(parent: Node, ...children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
}

/** Replaces an element's content. */
export function fill(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, ...children);
}

let nextId = 0;
/** A unique id, to tie labels to their fields. */
export const uid = (prefix: string) => `${prefix}-${++nextId}`;

/** A labelled field: a label above its input, tied by id (screen readers read the label). */
export function field(label: string, input: HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement) {
  if (!input.id) input.id = uid("f");
  return h("div", { class: "field" }, h("label", { for: input.id }, label), input);
}

/** A polite live region for a view's status line: loading, errors, confirmations are announced. */
export const status = () => h("p", { class: "status", role: "status", "aria-live": "polite" });

/** A form's submit handler: no page load, just `action`. */
export const submitted = (action: () => unknown) => (event: Event) => {
  event.preventDefault();
  void action();
};
