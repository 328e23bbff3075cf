import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { ERRORS, RegkgError, publicCode, type ErrorCode } from '../errors.js';

export const PROBLEM_TYPE_BASE = 'https://w3id.org/regkg/errors#';

/** Builds an RFC 9457 problem document for an error. */
export function problemOf(err: RegkgError, instance: string, requestId: string): Record<string, unknown> {
  return {
    type: `${PROBLEM_TYPE_BASE}${publicCode(err.code)}`,
    title: ERRORS[err.code].title,
    status: err.status,
    detail: err.message,
    instance,
    code: publicCode(err.code),
    requestId,
    ...(err.extras.field !== undefined ? { field: err.extras.field } : {}),
    ...(err.extras.allowed ? { allowed: err.extras.allowed } : {}),
    ...(err.extras.errors ? { errors: err.extras.errors } : {}),
  };
}

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'VALIDATION',
  FST_ERR_CTP_INVALID_JSON_BODY: 'VALIDATION',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION',
  FST_ERR_VALIDATION: 'VALIDATION',
};

/** Maps any thrown error to a RegkgError: expected ones keep their meaning, unexpected ones are masked. */
export function toRegkgError(err: unknown, req: FastifyRequest, bodyLimit: number): RegkgError {
  if (err instanceof RegkgError) return err;
  const fe = err as FastifyError;
  const mapped = fe?.code ? FASTIFY_CODES[fe.code] : undefined;
  if (mapped === 'PAYLOAD_TOO_LARGE') return new RegkgError(mapped, { limit: bodyLimit });
  if (mapped === 'UNSUPPORTED_MEDIA_TYPE') {
    return new RegkgError(mapped, { contentType: String(req.headers['content-type'] ?? '(none)'), allowed: 'application/json' });
  }
  if (mapped === 'VALIDATION') return new RegkgError(mapped, { detail: `(body): ${fe.message.replace(/^Body /, '')}` }, { field: '(body)' });
  if (fe?.statusCode === 429) return new RegkgError('RATE_LIMITED', { retryAfter: 'the window' });
  return new RegkgError('INTERNAL', { requestId: req.id });
}

export function sendProblem(reply: FastifyReply, err: RegkgError): FastifyReply {
  return reply
    .code(err.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problemOf(err, reply.request.url, String(reply.request.id))));
}
