/**
 * Small, exact helpers for the XML inside an xlsx: attributes read from a
 * start tag, text escaped and unescaped as the XML and OOXML specifications
 * say (including Excel's _xHHHH_ escapes for characters XML cannot carry).
 */
export interface Attr {
  name: string;
  value: string;
}

const ATTR = /([^\s=/>]+)\s*=\s*("([^"]*)"|'([^']*)')/g;

/** The attributes of a start tag's inner text (between the name and ">"), in order, values unescaped. */
export function parseAttrs(text: string): Attr[] {
  const out: Attr[] = [];
  ATTR.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = ATTR.exec(text)) !== null) out.push({ name: m[1]!, value: unescapeXml(m[3] ?? m[4] ?? '') });
  return out;
}

export function attr(attrs: readonly Attr[], name: string): string | undefined {
  return attrs.find((a) => a.name === name)?.value;
}

export function formatAttrs(attrs: readonly Attr[]): string {
  return attrs.map((a) => ` ${a.name}="${escapeAttr(a.value)}"`).join('');
}

const ENTITY = /&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g;

export function unescapeXml(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(ENTITY, (_m, e: string) => {
    switch (e) {
      case 'amp':
        return '&';
      case 'lt':
        return '<';
      case 'gt':
        return '>';
      case 'quot':
        return '"';
      case 'apos':
        return "'";
      default:
        return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
    }
  });
}

/** Excel's escape for characters that XML 1.0 cannot hold (_x0001_), and for a literal "_x0041_" in the text. */
export function decodeOoxmlText(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * Text for an element's content: &, <, > escaped; a carriage return as a
 * character reference (a literal one would be read back as a line feed);
 * control characters XML cannot carry as Excel writes them (_x0001_).
 */
export function escapeText(text: string): string {
  return text
    .replace(/_x([0-9A-Fa-f]{4})_/g, '_x005F_x$1_')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;')
    .replace(
      // eslint-disable-next-line no-control-regex -- exactly the characters XML 1.0 forbids
      /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g,
      (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`,
    );
}

export function escapeAttr(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

/** The text of every <t> in a shared-string item or inline string, phonetic runs (<rPh>) left out. */
export function stringItemText(inner: string): string {
  const clean = inner.replace(/<(?:\w+:)?rPh\b[\s\S]*?<\/(?:\w+:)?rPh>/g, '');
  let out = '';
  const re = /<(?:\w+:)?t(?:\s[^>]*)?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?t>)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(clean)) !== null) out += m[1] === undefined ? '' : cdataOrText(m[1]);
  return decodeOoxmlText(out);
}

function cdataOrText(raw: string): string {
  if (!raw.includes('<![CDATA[')) return unescapeXml(raw);
  return raw
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : unescapeXml(part)))
    .join('');
}

/** An element's text content with entities and CDATA resolved. */
export function elementText(raw: string): string {
  return cdataOrText(raw);
}
