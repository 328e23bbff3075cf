import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative, sep } from 'node:path';

/** Media types of the files the web UI is made of; any other file under public/ is not served. */
const MEDIA_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

export interface Asset {
  body: Buffer;
  type: string;
  etag: string;
}

export interface AssetBundle {
  /** Files by path relative to public/, with forward slashes (`js/main.js`). */
  files: Map<string, Asset>;
  /** A digest of every file: changes whenever any asset changes, so versioned URLs can be cached for good. */
  version: string;
}

const digest = (data: Buffer | string): string => createHash('sha256').update(data).digest('base64url').slice(0, 16);

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return walk(full);
    return e.isFile() ? [full] : [];
  });
}

/**
 * Reads the web UI's files once into memory: a closed set looked up by exact path, so no request can reach a file
 * outside it, and every reply carries a strong ETag.
 */
export function loadAssets(root: string): AssetBundle {
  const files = new Map<string, Asset>();
  for (const full of walk(root).sort()) {
    const type = MEDIA_TYPES[extname(full).toLowerCase()];
    if (!type) continue;
    const body = readFileSync(full);
    files.set(relative(root, full).split(sep).join('/'), { body, type, etag: `"${digest(body)}"` });
  }
  const version = digest([...files.entries()].map(([p, a]) => `${p} ${a.etag}`).join('\n'));
  return { files, version };
}

/** Returns a copy of an asset with `{{ASSET_BASE}}` replaced (index.html names the versioned asset prefix). */
export function withAssetBase(asset: Asset, base: string): Asset {
  const body = Buffer.from(asset.body.toString('utf8').replaceAll('{{ASSET_BASE}}', base));
  return { body, type: asset.type, etag: `"${digest(body)}"` };
}
