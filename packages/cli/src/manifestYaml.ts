// A YAML writer for rendered manifests that gives, byte for byte, what redis-common's formatManifest
// gives through the `yaml` package (YAML 1.1, no line folding, repeated objects as anchors and
// aliases), for the values manifests hold. Loading and running `yaml` costs more than Node's own
// start-up; this costs well under a millisecond. Anything it is not sure to write the same way makes
// it give up, and the caller falls back to formatManifest.
import {
  formatManifest,
  formatManifestStream,
  type KubernetesObject,
  type ManifestFormat,
} from '@odin/plugin-redis-common';

/** Thrown inside the writer when a value is outside what it writes the way `yaml` does. */
class NotSupported extends Error {}

function notSupported(): never {
  throw new NotSupported();
}

// The plain forms YAML 1.1 reads as booleans or null; other spellings of these words stay strings.
const YAML_11_WORDS = new Set(
  ['y', 'n', 'yes', 'no', 'true', 'false', 'on', 'off', 'null'].flatMap(
    word => [word, word[0].toUpperCase() + word.slice(1), word.toUpperCase()],
  ),
);
const YAML_11_WORD_SPELLINGS = new Set(
  [...YAML_11_WORDS].map(word => word.toLowerCase()),
);
// Printable ASCII only: escapes, tabs and other characters are left to `yaml`.
const PRINTABLE = /^[\x20-\x7e]*$/;
const PRINTABLE_LINES = /^[\x20-\x7e\n]*$/;
// A first character that makes a plain scalar something else (flow, comment, anchor, tag, quote…).
const INDICATOR_START = /^[,[\]{}#&*!|>'"%@`]/;
// First characters checked below; any other one is left to `yaml`.
const KNOWN_START = /^[A-Za-z0-9_/$(.+\-?:]/;
// What YAML 1.1 may read as a number or a timestamp (hexadecimal, .inf and .nan aside): strings
// beginning like a number and made of these characters only.
const NUMBER_LIKE = /^[-+.]?[0-9.][0-9_.:+\-eEtTzZoObB ]*$/;
const HEXADECIMAL_OR_SPECIAL = /^[-+]?(?:0[xX]|\.(?:inf|Inf|INF|nan|NaN|NAN)$)/;
const DECIMAL = /^(?:0|[1-9][0-9]*)$/;
// Most strings of a manifest: plain for every rule below but the YAML 1.1 words.
const PLAIN = /^[A-Za-z_/$(](?:[!-9;-~]|:(?! )| (?!#))*(?<![ :])$/;

/** `"text"`, for strings with nothing to escape. */
function doubleQuoted(text: string): string {
  if (text.includes('"') || text.includes('\\')) notSupported();
  return `"${text}"`;
}

/** A one-line string as a plain or double-quoted scalar. */
function uncachedInlineString(text: string): string {
  // The longest YAML 1.1 word is five letters long.
  if (PLAIN.test(text)) {
    if (text.length > 5 || !YAML_11_WORD_SPELLINGS.has(text.toLowerCase())) {
      return text;
    }
  }
  if (text === '') return '""';
  if (!PRINTABLE.test(text)) notSupported();
  const lower = text.toLowerCase();
  if (YAML_11_WORD_SPELLINGS.has(lower)) {
    if (YAML_11_WORDS.has(text)) return doubleQuoted(text);
    notSupported();
  }
  if (INDICATOR_START.test(text)) return doubleQuoted(text);
  if (!KNOWN_START.test(text)) notSupported();
  if (/^[-?:]( |$)/.test(text)) return doubleQuoted(text);
  if (text.startsWith(' ') || text.endsWith(' ') || text.endsWith(':')) {
    return doubleQuoted(text);
  }
  if (text.includes(': ') || text.includes(' #')) return doubleQuoted(text);
  if (DECIMAL.test(text)) return doubleQuoted(text);
  if (
    NUMBER_LIKE.test(text) ||
    HEXADECIMAL_OR_SPECIAL.test(text) ||
    /^(?:---|\.\.\.)/.test(text)
  ) {
    notSupported();
  }
  return text;
}

// Keys and many values come back in every object (name, app, matchLabels…): each is checked once.
const inlineStrings = new Map<string, string>();
const MAX_INLINE_STRINGS = 10_000;

function inlineString(text: string): string {
  let written = inlineStrings.get(text);
  if (written === undefined) {
    written = uncachedInlineString(text);
    if (inlineStrings.size < MAX_INLINE_STRINGS) {
      inlineStrings.set(text, written);
    }
  }
  return written;
}

/** A multi-line string as a literal block scalar, its lines indented to `indent`. */
function blockString(text: string, indent: string): string {
  // Leading blank lines or spaces and trailing spaces change how `yaml` writes it.
  if (!PRINTABLE_LINES.test(text) || /^[ \n]| \n| $/.test(text)) {
    notSupported();
  }
  let body = text;
  let header = '|-';
  if (text.endsWith('\n')) {
    if (text.endsWith('\n\n')) notSupported();
    body = text.slice(0, -1);
    header = '|';
  }
  const lines = body
    .split('\n')
    .map(line => (line === '' ? '' : `${indent}${line}`));
  return `${header}\n${lines.join('\n')}`;
}

function scalar(value: unknown, indent: string): string {
  switch (typeof value) {
    case 'string':
      return value.includes('\n')
        ? blockString(value, indent)
        : inlineString(value);
    case 'number':
      if (!Number.isSafeInteger(value) || Object.is(value, -0)) notSupported();
      return String(value);
    case 'boolean':
      return String(value);
    default:
      if (value === null) return 'null';
      return notSupported();
  }
}

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The keys of the entries `yaml` writes: those whose value is not undefined. */
function keysOf(map: Record<string, unknown>): string[] {
  const keys = [];
  for (const key in map) if (map[key] !== undefined) keys.push(key);
  return keys;
}

/**
 * Names the objects met more than once, as `yaml` does: a1, a2… in the order of their second
 * occurrence in a depth-first walk that does not enter repeats. An object inside itself is left to
 * `yaml`.
 */
function anchorNames(root: object): Map<object, string> {
  const seen = new Set<object>();
  const open = new Set<object>();
  const anchors = new Map<object, string>();
  const visit = (value: unknown) => {
    if (typeof value !== 'object' || value === null) return;
    if (open.has(value)) notSupported();
    if (seen.has(value)) {
      if (!anchors.has(value)) anchors.set(value, `a${anchors.size + 1}`);
      return;
    }
    seen.add(value);
    open.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
    } else if (isPlainObject(value)) {
      const map = value as Record<string, unknown>;
      for (const key of keysOf(map)) visit(map[key]);
    } else {
      notSupported();
    }
    open.delete(value);
  };
  visit(root);
  return anchors;
}

class Writer {
  text = '';
  private readonly written = new Set<object>();

  constructor(private readonly anchors: Map<object, string>, root: object) {
    this.written.add(root);
  }

  /** What follows `key:` or `-`: a scalar, an alias, or an anchor and a collection. */
  value(value: unknown, indent: string, inSequence: boolean) {
    if (typeof value !== 'object' || value === null) {
      this.text += ` ${scalar(value, `${indent}  `)}`;
      return;
    }
    const anchor = this.anchors.get(value);
    if (this.written.has(value)) {
      this.text += ` *${anchor}`;
      return;
    }
    this.written.add(value);
    if (anchor !== undefined) this.text += ` &${anchor}`;
    const isSequence = Array.isArray(value);
    const keys = isSequence ? [] : keysOf(value as Record<string, unknown>);
    if (isSequence ? value.length === 0 : keys.length === 0) {
      this.text += isSequence ? ' []' : ' {}';
      return;
    }
    // An unanchored collection in a sequence starts on the line of its "-".
    const inline = inSequence && anchor === undefined;
    if (inline) this.text += ' ';
    if (isSequence) {
      this.sequence(value, `${indent}  `, inline);
    } else {
      this.map(value as Record<string, unknown>, keys, `${indent}  `, inline);
    }
  }

  /** Entries on lines at `indent`; with `inline`, the first one on the current line. */
  map(
    map: Record<string, unknown>,
    keys: string[],
    indent: string,
    inline: boolean,
  ) {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (key.includes('\n') || key.length > 128) notSupported();
      if (i > 0 || !inline) this.text += `\n${indent}`;
      this.text += `${inlineString(key)}:`;
      this.value(map[key], indent, false);
    }
  }

  sequence(items: unknown[], indent: string, inline: boolean) {
    for (let i = 0; i < items.length; i++) {
      if (!(i in items)) notSupported();
      if (i > 0 || !inline) this.text += `\n${indent}`;
      this.text += '-';
      this.value(items[i] ?? null, indent, true);
    }
  }
}

/**
 * One object as a YAML document ending in a newline, as formatManifest writes it; undefined when it
 * holds a value this writer leaves to `yaml`.
 */
export function manifestYaml(object: object): string | undefined {
  try {
    if (Array.isArray(object) || !isPlainObject(object)) return undefined;
    const map = object as Record<string, unknown>;
    const keys = keysOf(map);
    if (keys.length === 0) return '{}\n';
    const writer = new Writer(anchorNames(object), object);
    writer.map(map, keys, '', true);
    return `${writer.text}\n`;
  } catch (error) {
    if (error instanceof NotSupported) return undefined;
    throw error;
  }
}

/** formatManifest, with the YAML written here whenever it can be. */
export function manifestText(
  object: KubernetesObject,
  format: ManifestFormat,
): string {
  return (
    (format === 'yaml' && manifestYaml(object)) ||
    formatManifest(object, format)
  );
}

/** formatManifestStream, with the YAML written here whenever it can be. */
export function manifestStreamText(
  objects: KubernetesObject[],
  format: ManifestFormat,
): string {
  if (format === 'json') return formatManifestStream(objects, format);
  return objects.map(object => manifestText(object, format)).join('---\n');
}
