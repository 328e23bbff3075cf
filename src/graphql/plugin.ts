import type { FastifyInstance } from 'fastify';

/** Placeholder until this adapter lands. */
export async function graphqlPlugin(_app: FastifyInstance): Promise<void> {}
