import type { FastifyInstance } from 'fastify';

/** Placeholder until this adapter lands. */
export async function webPlugin(_app: FastifyInstance): Promise<void> {}
