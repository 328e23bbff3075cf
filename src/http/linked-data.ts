import type { FastifyInstance } from 'fastify';

/** Placeholder until this adapter lands. */
export async function linkedDataPlugin(_app: FastifyInstance): Promise<void> {}
