import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { NS } from '../graph/namespaces.js';
import { RESULTS_MEDIA_TYPES, GRAPH_MEDIA_TYPES } from './negotiate.js';

const SD = 'http://www.w3.org/ns/sparql-service-description#';
const FORMATS = 'http://www.w3.org/ns/formats/';

/** W3C names of the result formats the endpoint produces. */
const FORMAT_IRIS: Record<string, string> = {
  'application/sparql-results+json': 'SPARQL_Results_JSON',
  'application/sparql-results+xml': 'SPARQL_Results_XML',
  'text/csv': 'SPARQL_Results_CSV',
  'text/tab-separated-values': 'SPARQL_Results_TSV',
  'text/turtle': 'Turtle',
  'application/n-triples': 'N-Triples',
  'application/ld+json': 'JSON-LD',
  'application/rdf+xml': 'RDF_XML',
};

/** SPARQL 1.1 Service Description of the endpoint (answered to GET /sparql without a query). */
export function serviceDescription(endpoint: string, datasetIri: string): Quad[] {
  const { namedNode: n, blankNode, quad } = N3.DataFactory;
  const s = n(`${endpoint}#service`);
  const add = (subject: N3.Quad_Subject, p: string, o: N3.Quad_Object): Quad => quad(subject, n(p), o) as Quad;
  const ds = blankNode('dataset');
  const out: Quad[] = [
    add(s, `${NS.rdf}type`, n(`${SD}Service`)),
    add(s, `${SD}endpoint`, n(endpoint)),
    add(s, `${SD}supportedLanguage`, n(`${SD}SPARQL11Query`)),
    add(s, `${SD}feature`, n(`${SD}UnionDefaultGraph`)),
    add(s, `${SD}defaultDataset`, ds),
    add(ds, `${NS.rdf}type`, n(`${SD}Dataset`)),
    add(ds, `${NS.dct}source`, n(datasetIri)),
  ];
  for (const media of new Set([...Object.keys(RESULTS_MEDIA_TYPES), ...Object.keys(GRAPH_MEDIA_TYPES)])) {
    const local = FORMAT_IRIS[media];
    if (local) out.push(add(s, `${SD}resultFormat`, n(`${FORMATS}${local}`)));
  }
  return out;
}
