# regkg: REST, GraphQL and SPARQL over the EU AI Act knowledge graph, with the system register.
# Build: docker build -t regkg .   Run with Neo4j: docker compose up (see docker-compose.yml).

# --- dependencies (production only) -------------------------------------------------------------------------------
FROM node:20-slim AS deps
WORKDIR /app
# better-sqlite3 (the embedded register) is a native module: a matching prebuilt binary is used when there is one,
# otherwise it compiles here, so the build stage carries a compiler that the runtime image does not.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# esbuild compiles src/ to dist/ (scripts/build.mjs, ADR 0010) and tsx runs the `regkg` CLI from the sources: both
# are production dependencies, which --omit=dev keeps (test/deploy/compose.test.ts checks that they stay there).
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY scripts/build.mjs ./scripts/build.mjs
COPY src ./src
RUN node scripts/build.mjs

# --- runtime -------------------------------------------------------------------------------------------------------
FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    REGKG_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
COPY --from=deps /app/dist ./dist
COPY package.json tsconfig.json ./
COPY bin ./bin
COPY src ./src
COPY ontology ./ontology
COPY rules ./rules
COPY mappings ./mappings
COPY public ./public
# The embedded register (REGKG_STORE=embedded) writes here; the image's non-root `node` user owns it.
RUN mkdir -p /data && chown node:node /data
VOLUME ["/data"]
USER node
EXPOSE 3000
# Ready = the knowledge graph is loaded and answers; HEALTHCHECK reads /readyz on the port the server listens on.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/readyz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# One process (no npm wrapper), so SIGTERM reaches the server and it shuts down gracefully; compiled JavaScript,
# no TypeScript loader at run time, an 8 MiB young generation semi-space (ADR 0010).
CMD ["node", "--max-semi-space-size=8", "--enable-source-maps", "dist/server.js"]
