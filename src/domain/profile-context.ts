import type { Knowledge } from '../graph/knowledge.js';
import { NS } from '../graph/namespaces.js';

/**
 * The JSON-LD @context of a profile: field names become profile-field IRIs and ids become concept IRIs, so a profile
 * read as JSON-LD says the same thing as RDF. Generated from ontology/profile-fields.ttl.
 */
export function profileContext(k: Knowledge): Record<string, unknown> {
  const ctx: Record<string, unknown> = {
    '@version': 1.1,
    '@vocab': NS.field,
    xsd: NS.xsd,
  };
  const objects = new Map<string, Record<string, unknown>>();
  for (const f of k.fields) {
    const [head, sub] = f.path.split('.') as [string, string | undefined];
    const def: Record<string, unknown> = { '@id': `${NS.field}${f.path}` };
    if (f.scheme) {
      def['@type'] = '@vocab';
      def['@context'] = { '@vocab': `${NS.concept}${f.scheme}/` };
    } else if (f.valueType === 'Date') def['@type'] = 'xsd:date';
    else if (f.valueType === 'Boolean') def['@type'] = 'xsd:boolean';
    else if (f.valueType === 'Number') def['@type'] = 'xsd:double';
    if (f.valueType === 'ConceptSet' || f.valueType === 'LanguageSet') def['@container'] = '@set';
    if (sub) {
      const inner = objects.get(head) ?? {};
      inner[sub] = def;
      objects.set(head, inner);
    } else ctx[head] = def;
  }
  for (const [head, inner] of objects) {
    const outer = (ctx[head] as Record<string, unknown> | undefined) ?? { '@id': `${NS.field}${head}` };
    ctx[head] = { ...outer, '@context': inner };
  }
  return { '@context': ctx };
}
