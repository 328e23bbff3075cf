import type { FastifyInstance } from 'fastify';

/** Placeholder until this adapter lands. */
export async function sparqlPlugin(_app: FastifyInstance): Promise<void> {}
