/**
 * graphql-js, as Node loads it. The package ships a CommonJS build (`main`) and an ES module build (`module`)
 * without an `exports` map: Node and tsx load the CommonJS one, as do yoga, envelop and graphql-tools; Vite
 * (vitest) would resolve a bare `graphql` in our sources to the ES module one. Two copies mean two realms,
 * and graphql-js's `instanceof` checks fail across them ("Cannot use GraphQLObjectType from another module or
 * realm"). Our modules import graphql-js values from here, so every runner uses the one copy.
 */
export * from 'graphql/index.js';
