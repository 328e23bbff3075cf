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
# tsx runs the TypeScript sources at run time, so it is a production dependency: --omit=dev keeps it
# (test/deploy/compose.test.ts checks that it stays in "dependencies").
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

# --- runtime -------------------------------------------------------------------------------------------------------
FROM node:20-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    REGKG_DATA_DIR=/data
WORKDIR /app
COPY --from=deps /app/node_modules ./node_modules
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
# One process (no npm or tsx wrapper), so SIGTERM reaches the server and it shuts down gracefully.
CMD ["node", "--import", "tsx", "src/server.ts"]
