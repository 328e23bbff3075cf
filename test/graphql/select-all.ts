import { getNamedType, isObjectType, type GraphQLObjectType } from '../../src/graphql/graphql-js.js';
import { regkgSchema } from '../../src/graphql/schema.js';
import { PROFILE_FIELDS } from '../../src/graphql/response-plans.js';

/**
 * Every field under `type`, objects expanded, each type once per path (LegalBasis.provision does not go round
 * Provision.parent forever), without `skip` (type → fields). Arguments are left to their defaults.
 */
export function selectAll(type: GraphQLObjectType, skip: Readonly<Record<string, ReadonlySet<string>>>, seen: ReadonlySet<string> = new Set()): string {
  const parts: string[] = [];
  for (const f of Object.values(type.getFields())) {
    if (skip[type.name]?.has(f.name) || f.args.some((a) => a.type.toString().endsWith('!') && a.defaultValue === undefined)) continue;
    const named = getNamedType(f.type);
    if (!isObjectType(named)) parts.push(f.name);
    else if (!seen.has(named.name)) parts.push(`${f.name} { ${selectAll(named, skip, new Set([...seen, type.name, named.name]))} }`);
  }
  return parts.join(' ');
}

const assessment = regkgSchema().getType('Assessment') as GraphQLObjectType;
/** Every field of an assessment that the outcome fixes: everything but PROFILE_FIELDS (facts, questions, check parameters). */
export const OUTCOME_SELECTION = selectAll(assessment, PROFILE_FIELDS);
