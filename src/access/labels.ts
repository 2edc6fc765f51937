/**
 * FHIR security labels (`meta.security`): which sensitive labels a principal may see. Resources
 * carrying any other sensitive label are withheld from responses (see ./response.ts).
 */
/** HL7 v3 Confidentiality R/V and ActCode sensitivity codes withheld unless policy or consent allows. */
export const DEFAULT_SENSITIVE_LABELS = Object.freeze(['R', 'V', 'ETH', 'HIV', 'PSY', 'SUD', '42CFRPart2', 'SDV', 'STD', 'GDIS']);

export interface LabelGrant {
  readonly roles?: readonly string[];
  readonly purposes?: readonly string[];
  readonly labels: readonly string[];
}

/** True when a selector (roles/purposes, each optional) matches the principal's roles and purpose. */
export function selectorMatches(sel: { readonly roles?: readonly string[]; readonly purposes?: readonly string[] }, roles: readonly string[], purpose: string | undefined): boolean {
  if (sel.roles && !sel.roles.some((r) => roles.includes(r))) return false;
  if (sel.purposes && (purpose === undefined || !sel.purposes.includes(purpose))) return false;
  return true;
}

/** Sensitive labels this principal may see: the route's own plus every matching policy grant. */
export function allowedLabelsFor(grants: readonly LabelGrant[], routeLabels: readonly string[], roles: readonly string[], purpose: string | undefined): string[] {
  const out = new Set(routeLabels);
  for (const g of grants) if (selectorMatches(g, roles, purpose)) for (const l of g.labels) out.add(l);
  return [...out].sort();
}

/** Security label codes on a resource (`meta.security[].code`), strings only. */
export function resourceLabels(resource: unknown): string[] {
  const meta = (resource as { meta?: unknown } | null)?.meta;
  const sec = meta && typeof meta === 'object' ? (meta as { security?: unknown }).security : undefined;
  if (!Array.isArray(sec)) return [];
  const out: string[] = [];
  for (const c of sec) {
    const code = c && typeof c === 'object' ? (c as { code?: unknown }).code : undefined;
    if (typeof code === 'string') out.push(code);
  }
  return out;
}

/** The labels on a resource that make it withheld (sensitive and not allowed). */
export function withheldLabels(resource: unknown, sensitive: ReadonlySet<string>, allowed: ReadonlySet<string>): string[] {
  return resourceLabels(resource).filter((l) => sensitive.has(l) && !allowed.has(l));
}
