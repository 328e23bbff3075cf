/** IRI namespaces of the regkg vocabulary and the outside vocabularies it uses. */
export const NS = {
  regkg: 'https://w3id.org/regkg/ontology#',
  aia: 'https://w3id.org/regkg/eli/reg/2024/1689/',
  obl: 'https://w3id.org/regkg/obligation/',
  cond: 'https://w3id.org/regkg/condition/',
  rule: 'https://w3id.org/regkg/rule/',
  scheme: 'https://w3id.org/regkg/scheme/',
  concept: 'https://w3id.org/regkg/concept/',
  lv: 'https://w3id.org/regkg/law-version/',
  tech: 'https://w3id.org/regkg/technique/',
  ev: 'https://w3id.org/regkg/evidence/',
  field: 'https://w3id.org/regkg/profile-field/',
  graph: 'https://w3id.org/regkg/graph/',
  mapping: 'https://w3id.org/regkg/mappings/',
  eli: 'http://data.europa.eu/eli/ontology#',
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  rdfs: 'http://www.w3.org/2000/01/rdf-schema#',
  xsd: 'http://www.w3.org/2001/XMLSchema#',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  dct: 'http://purl.org/dc/terms/',
  prov: 'http://www.w3.org/ns/prov#',
  owl: 'http://www.w3.org/2002/07/owl#',
  sh: 'http://www.w3.org/ns/shacl#',
  void: 'http://rdfs.org/ns/void#',
  dcat: 'http://www.w3.org/ns/dcat#',
  sssom: 'https://w3id.org/sssom/',
  semapv: 'https://w3id.org/semapv/vocab/',
} as const;

/** The Regulation as published, by its official ELI. */
export const ACT_IRI = 'http://data.europa.eu/eli/reg/2024/1689/oj';

export const RDF_TYPE = `${NS.rdf}type`;

/** Prefix map used when serialising Turtle for people. */
export const PREFIXES: Record<string, string> = {
  regkg: NS.regkg,
  aia: NS.aia,
  obl: NS.obl,
  cond: NS.cond,
  rule: NS.rule,
  scheme: NS.scheme,
  lv: NS.lv,
  tech: NS.tech,
  ev: NS.ev,
  eli: NS.eli,
  rdf: NS.rdf,
  rdfs: NS.rdfs,
  xsd: NS.xsd,
  skos: NS.skos,
  dct: NS.dct,
  prov: NS.prov,
};
