import N3 from 'n3';
import type { Quad } from '@rdfjs/types';
import { ACT_IRI, NS } from './namespaces.js';
import { DUMP_FORMATS, type DumpFormat } from './export.js';

/** The canonical IRI of the regkg dataset (dereferenceable at /dataset and /.well-known/void). */
export const DATASET_IRI = 'https://w3id.org/regkg/dataset';

export const DATA_LICENCE = 'https://www.apache.org/licenses/LICENSE-2.0';

export const EUR_LEX_NOTICE =
  'Provision identifiers, structure and references are derived from Regulation (EU) 2024/1689 as published on EUR-Lex ' +
  '(© European Union, https://eur-lex.europa.eu/). Reuse of EUR-Lex content is authorised under Commission Decision ' +
  '2011/833/EU on the reuse of Commission documents, provided the source is acknowledged. Only the official ' +
  'Journal edition of the Regulation is authentic; labels and summaries in this dataset are paraphrases, not the legal text.';

export interface DatasetDescriptionInput {
  knowledgeVersion: string;
  /** Quads per named graph. */
  graphs: [string, number][];
  triples: number;
  distinctSubjects: number;
  /** Absolute base for the endpoint and dump links, e.g. https://regkg.example.org */
  base: string;
  modified?: string;
}

/** VoID + DCAT description of the dataset, its named graphs, its dumps and its SPARQL endpoint. */
export function datasetDescription(input: DatasetDescriptionInput): Quad[] {
  const { namedNode: n, literal, blankNode, quad } = N3.DataFactory;
  const out: Quad[] = [];
  const add = (s: N3.Quad_Subject, p: string, o: N3.Quad_Object): void => {
    out.push(quad(s, n(p), o) as Quad);
  };
  const ds = n(DATASET_IRI);
  const int = (v: number) => literal(String(v), n(`${NS.xsd}integer`));
  const en = (v: string) => literal(v, 'en');
  const endpoint = n(`${input.base}/sparql`);

  add(ds, `${NS.rdf}type`, n(`${NS.void}Dataset`));
  add(ds, `${NS.rdf}type`, n(`${NS.dcat}Dataset`));
  add(ds, `${NS.dct}title`, en('regkg: the EU AI Act as a knowledge graph'));
  add(ds, `${NS.dct}description`, en(
    'Provisions, roles, risk classes, obligations with their legal basis and application dates, the applicability rules, ' +
    'assessment techniques, evidence types and mappings to other vocabularies for Regulation (EU) 2024/1689 (Artificial Intelligence Act), ' +
    'as published and as amended. Not legal advice; the Official Journal text is authentic.',
  ));
  add(ds, `${NS.dct}license`, n(DATA_LICENCE));
  add(ds, `${NS.dct}rights`, en(EUR_LEX_NOTICE));
  add(ds, `${NS.prov}wasDerivedFrom`, n(ACT_IRI));
  add(ds, `${NS.dct}source`, n(ACT_IRI));
  add(ds, `${NS.dct}hasVersion`, literal(input.knowledgeVersion));
  add(ds, `${NS.owl}versionInfo`, literal(input.knowledgeVersion));
  if (input.modified) add(ds, `${NS.dct}modified`, literal(input.modified, n(`${NS.xsd}date`)));
  add(ds, `${NS.dcat}keyword`, en('AI Act'));
  add(ds, `${NS.dcat}keyword`, en('artificial intelligence'));
  add(ds, `${NS.dcat}keyword`, en('regulatory compliance'));
  add(ds, `${NS.dcat}theme`, n('http://publications.europa.eu/resource/authority/data-theme/JUST'));
  add(ds, `${NS.void}uriSpace`, literal('https://w3id.org/regkg/'));
  add(ds, `${NS.void}vocabulary`, n(NS.regkg));
  add(ds, `${NS.void}vocabulary`, n(NS.eli));
  add(ds, `${NS.void}vocabulary`, n('http://www.w3.org/2004/02/skos/core#'));
  add(ds, `${NS.void}triples`, int(input.triples));
  add(ds, `${NS.void}distinctSubjects`, int(input.distinctSubjects));
  add(ds, `${NS.void}sparqlEndpoint`, endpoint);

  const service = blankNode('sparql-service');
  const serviceDist = blankNode('sparql-distribution');
  add(ds, `${NS.dcat}distribution`, serviceDist);
  add(serviceDist, `${NS.rdf}type`, n(`${NS.dcat}Distribution`));
  add(serviceDist, `${NS.dct}title`, en('SPARQL 1.1 endpoint'));
  add(serviceDist, `${NS.dcat}accessURL`, endpoint);
  add(serviceDist, `${NS.dcat}accessService`, service);
  add(service, `${NS.rdf}type`, n(`${NS.dcat}DataService`));
  add(service, `${NS.dcat}endpointURL`, endpoint);
  add(service, `${NS.dct}conformsTo`, n('https://www.w3.org/TR/sparql11-protocol/'));
  add(service, `${NS.dcat}servesDataset`, ds);

  for (const ext of Object.keys(DUMP_FORMATS) as DumpFormat[]) {
    const url = n(`${input.base}/dumps/regkg-${input.knowledgeVersion}.${ext}`);
    const dist = blankNode(`dump-${ext}`);
    add(ds, `${NS.void}dataDump`, url);
    add(ds, `${NS.dcat}distribution`, dist);
    add(dist, `${NS.rdf}type`, n(`${NS.dcat}Distribution`));
    add(dist, `${NS.dct}title`, en(DUMP_FORMATS[ext].label));
    add(dist, `${NS.dcat}downloadURL`, url);
    add(dist, `${NS.dcat}accessURL`, url);
    add(dist, `${NS.dcat}mediaType`, n(`https://www.iana.org/assignments/media-types/${DUMP_FORMATS[ext].mediaType}`));
    add(dist, `${NS.dct}license`, n(DATA_LICENCE));
  }

  for (const [graph, quads] of input.graphs) {
    const subset = n(graph);
    add(ds, `${NS.void}subset`, subset);
    add(subset, `${NS.rdf}type`, n(`${NS.void}Dataset`));
    add(subset, `${NS.void}triples`, int(quads));
    add(subset, `${NS.rdfs}label`, literal(graph.replace(NS.graph, '')));
  }
  return out;
}
