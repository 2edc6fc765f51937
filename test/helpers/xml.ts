/**
 * A strict XML 1.0 well-formedness check (no DTDs), for reports the CLI writes as XML (JUnit):
 * one root element, tags nested and closed, attributes quoted and unique, every `&` a known entity
 * or character reference, no `]]>` or control characters in text. Throws naming the offset.
 */
const NAME = /^[A-Za-z_:][-A-Za-z0-9._:]*/;
const ENTITY = /&(?:lt|gt|amp|quot|apos|#[0-9]+|#x[0-9A-Fa-f]+);/y;
// eslint-disable-next-line no-control-regex
const BAD_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

function checkText(s: string, at: number, attr: boolean): void {
  if (BAD_CHAR.test(s)) throw new Error(`character not allowed in XML near offset ${at}`);
  if (!attr && s.includes(']]>')) throw new Error(`"]]>" in text near offset ${at}`);
  for (let i = s.indexOf('&'); i >= 0; i = s.indexOf('&', i + 1)) {
    ENTITY.lastIndex = i;
    if (!ENTITY.test(s)) throw new Error(`bare "&" near offset ${at + i}`);
  }
}

export function checkWellFormedXml(xml: string): void {
  let i = 0;
  if (xml.startsWith('<?xml')) {
    const end = xml.indexOf('?>');
    if (end < 0) throw new Error('unterminated XML declaration');
    i = end + 2;
  }
  const stack: string[] = [];
  let roots = 0;
  while (i < xml.length) {
    const lt = xml.indexOf('<', i);
    const text = xml.slice(i, lt < 0 ? xml.length : lt);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root element at offset ${i}`);
    checkText(text, i, false);
    if (lt < 0) break;
    i = lt;
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4);
      if (end < 0) throw new Error(`unterminated comment at offset ${i}`);
      i = end + 3;
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (stack.length === 0) throw new Error(`CDATA outside the root at offset ${i}`);
      const end = xml.indexOf(']]>', i);
      if (end < 0) throw new Error(`unterminated CDATA at offset ${i}`);
      i = end + 3;
    } else if (xml.startsWith('</', i)) {
      const m = NAME.exec(xml.slice(i + 2));
      const close = m ? xml.indexOf('>', i) : -1;
      if (!m || close < 0 || xml.slice(i + 2 + m[0].length, close).trim() !== '') throw new Error(`malformed end tag at offset ${i}`);
      if (stack.pop() !== m[0]) throw new Error(`end tag </${m[0]}> does not match at offset ${i}`);
      i = close + 1;
    } else {
      const m = NAME.exec(xml.slice(i + 1));
      if (!m) throw new Error(`malformed start tag at offset ${i}`);
      let j = i + 1 + m[0].length;
      const seen = new Set<string>();
      for (;;) {
        const ws = /^\s*/.exec(xml.slice(j))![0].length;
        j += ws;
        if (xml.startsWith('/>', j) || xml[j] === '>') break;
        if (ws === 0) throw new Error(`attributes must be separated by space at offset ${j}`);
        const a = /^([A-Za-z_:][-A-Za-z0-9._:]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(xml.slice(j));
        if (!a) throw new Error(`malformed attribute at offset ${j}`);
        if (seen.has(a[1]!)) throw new Error(`duplicate attribute ${a[1]} at offset ${j}`);
        seen.add(a[1]!);
        checkText(a[3] ?? a[4] ?? '', j, true);
        j += a[0].length;
      }
      if (stack.length === 0 && ++roots > 1) throw new Error(`a second root element at offset ${i}`);
      if (xml.startsWith('/>', j)) i = j + 2;
      else {
        stack.push(m[0]);
        i = j + 1;
      }
    }
  }
  if (stack.length > 0) throw new Error(`unclosed element <${stack[stack.length - 1]}>`);
  if (roots !== 1) throw new Error('no root element');
}
