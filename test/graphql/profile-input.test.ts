import { describe, expect, it } from 'vitest';
import { getNamedType, isInputObjectType, isListType, getNullableType, type GraphQLInputObjectType } from '../../src/graphql/graphql-js.js';
import { regkgSchema } from '../../src/graphql/schema.js';
import { obligationQuery } from '../../src/http/rest-schemas.js';
import { sharedCore } from '../support/core.js';

/** The GraphQL type a profile field's value type maps to (ids are Strings: the core's zod schema checks them). */
const GRAPHQL_TYPE: Record<string, string> = {
  String: 'String', Boolean: 'Boolean', Number: 'Float', Date: 'Date', Concept: 'String', ConceptSet: '[String]', LanguageSet: '[String]', Object: 'object',
};

function shapeOf(t: GraphQLInputObjectType): Record<string, string> {
  return Object.fromEntries(Object.values(t.getFields()).map((f) => {
    const named = getNamedType(f.type);
    return [f.name, isInputObjectType(named) ? 'object' : isListType(getNullableType(f.type)) ? `[${named.name}]` : named.name];
  }));
}

describe('ProfileInput', () => {
  const core = sharedCore();
  const input = regkgSchema().getType('ProfileInput') as GraphQLInputObjectType;

  it('has exactly the fields of the profile contract (ontology/profile-fields.ttl), with matching types', () => {
    const expected: Record<string, string> = {};
    for (const f of core.k.fields) {
      const [head, sub] = f.path.split('.');
      if (!sub) expected[head!] = GRAPHQL_TYPE[f.valueType]!;
    }
    expect(shapeOf(input)).toEqual(expected);
  });

  it('has nested inputs with the fields of the contract', () => {
    for (const [field, type] of [['annexIProduct', 'AnnexIProductInput'], ['gpaiModel', 'GpaiModelInput']] as const) {
      const expected = Object.fromEntries(core.k.fields.filter((f) => f.path.startsWith(`${field}.`)).map((f) => [f.path.split('.')[1], GRAPHQL_TYPE[f.valueType]]));
      expect(shapeOf(regkgSchema().getType(type) as GraphQLInputObjectType)).toEqual(expected);
    }
  });

  it('pages obligations with the same default page size as REST', () => {
    const limit = regkgSchema().getQueryType()!.getFields().obligations!.args.find((a) => a.name === 'limit')!;
    expect(limit.defaultValue).toBe(obligationQuery(core).parse({}).limit);
  });
});
