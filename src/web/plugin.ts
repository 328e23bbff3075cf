import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fileURLToPath } from 'node:url';
import { RegkgError } from '../errors.js';
import { loadAssets, withAssetBase, type Asset } from './static-assets.js';

const PUBLIC_DIR = fileURLToPath(new URL('../../public/', import.meta.url));
const VERSIONED = /^v-([\w-]{1,32})\/(.*)$/;

/** Sends an asset with its ETag, answering 304 when the client already holds it. */
function sendAsset(req: FastifyRequest, reply: FastifyReply, asset: Asset, cacheControl: string): FastifyReply | Buffer {
  reply.header('etag', asset.etag).header('cache-control', cacheControl).header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === asset.etag) return reply.code(304).send();
  reply.type(asset.type);
  return asset.body;
}

/**
 * The web UI for compliance officers: `/` is the page, `/app/*` its ES modules, stylesheet and translations.
 * Assets are served under a content-versioned prefix (`/app/v-<digest>/…`) that may be cached for a year;
 * the page itself is revalidated on every load. The UI only calls the public REST API. See docs/adr/0002-web-ui.md.
 */
export async function webPlugin(app: FastifyInstance): Promise<void> {
  const { files, version } = loadAssets(PUBLIC_DIR);
  const rawIndex = files.get('index.html');
  if (!rawIndex) throw new RegkgError('CONFIG_INVALID', { detail: `web UI: ${PUBLIC_DIR}index.html is missing` });
  const index = withAssetBase(rawIndex, `/app/v-${version}/`);

  app.get('/', { schema: { hide: true } }, async (req, reply) => sendAsset(req, reply, index, 'no-cache'));

  app.get('/app/*', { schema: { hide: true } }, async (req, reply) => {
    const rest = (req.params as { '*': string })['*'];
    const m = VERSIONED.exec(rest);
    const path = m ? m[2]! : rest;
    const asset = path === 'index.html' ? undefined : files.get(path);
    if (!asset) throw new RegkgError('NOT_FOUND', { path: req.url });
    // A stale version prefix (a page loaded before a restart) still gets the current file, but not for keeps.
    const cache = m && m[1] === version ? 'public, max-age=31536000, immutable' : 'no-cache';
    return sendAsset(req, reply, asset, cache);
  });
}
