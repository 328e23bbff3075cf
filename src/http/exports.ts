import type { FastifyInstance } from 'fastify';

/** Placeholder until this adapter lands. */
export async function exportsPlugin(_app: FastifyInstance): Promise<void> {}
