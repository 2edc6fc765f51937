/**
 * Route path templates: `/Patient/{id}`, `/Patient/{id}/_history/{vid}`, `/Patient/$everything`.
 * A parameter is a whole segment. Literal segments are ASCII and matched exactly (case-sensitive).
 */
export type TemplateSegment = { readonly kind: 'literal'; readonly value: string } | { readonly kind: 'param'; readonly name: string };

/** Characters allowed in literal template segments: RFC 3986 pchar minus '%' and ';' (no encodings, no params). */
const LITERAL = /^[A-Za-z0-9\-._~!$&'()*+,=:@]+$/;
const PARAM = /^\{([A-Za-z_][A-Za-z0-9_]{0,63})\}$/;

export function parseTemplate(template: string): { segments?: TemplateSegment[]; error?: string } {
  if (!template.startsWith('/')) return { error: 'a path template must start with "/"' };
  if (template === '/') return { segments: [] };
  const raw = template.slice(1).split('/');
  const segments: TemplateSegment[] = [];
  const names = new Set<string>();
  for (const part of raw) {
    if (part === '') return { error: 'empty segment ("//" or trailing "/") in path template' };
    if (part === '.' || part === '..') return { error: 'dot segments are not allowed in path templates' };
    const p = PARAM.exec(part);
    if (p) {
      const name = p[1] as string;
      if (names.has(name)) return { error: `parameter {${name}} appears twice` };
      names.add(name);
      segments.push({ kind: 'param', name });
    } else if (LITERAL.test(part)) {
      segments.push({ kind: 'literal', value: part });
    } else {
      return { error: `segment "${part}" must be ASCII letters, digits or -._~!$&'()*+,=:@, or a whole {param}` };
    }
  }
  return { segments };
}
