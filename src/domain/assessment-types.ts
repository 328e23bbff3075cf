import type { LangText, Lang } from '../graph/graph-view.js';

export type { Lang, LangText };

export interface LegalBasisRef {
  article?: string;
  paragraph?: string;
  point?: string;
  annex?: string;
  iri: string;
  eurLex: string;
}

export interface Because {
  rule: string;
  label: string;
  provisions: string[];
  facts: string[];
  from?: string;
}

export interface CheckRef {
  technique: string;
  label: string;
  automation: string;
  parameters: Record<string, unknown>;
  produces: string[];
}

export interface EvidenceRef {
  evidence: string;
  label: string;
  producedBy: string[];
  provisions: string[];
}

export interface AssessedObligation {
  id: string;
  iri: string;
  label: string;
  summary: string;
  role: string;
  deontic: string;
  legalBasis: LegalBasisRef[];
  appliesFrom: string;
  inForce: boolean;
  because: Because[];
  checks: CheckRef[];
  evidence: EvidenceRef[];
}

export interface NotApplicable {
  regime: string;
  reason: string;
  provisions: string[];
  rule: string;
}

export interface Question {
  field: string;
  question: string;
  valueType: string;
  allowed?: string[];
  provisions: string[];
  rules: string[];
}

export interface Warning {
  rule?: string;
  message: string;
  provisions: string[];
}

export interface TimelineEntry {
  date: string;
  obligations: string[];
  inForce: boolean;
}

export interface Assessment {
  inScope: boolean;
  outOfScopeReasons: { rule: string; reason: string; provisions: string[] }[];
  riskClasses: string[];
  obligations: AssessedObligation[];
  notApplicable: NotApplicable[];
  questions: Question[];
  timeline: TimelineEntry[];
  lawVersion: { iri: string; id: string; label: string; inForceFrom: string };
  asOf: string;
  knowledgeVersion: string;
  warnings: Warning[];
}
