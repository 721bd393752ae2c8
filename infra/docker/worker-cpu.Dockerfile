# syntax=docker/dockerfile:1
# The CPU worker (procedural backgrounds, or diffusion on the CPU provider).
# Build from the repository root:
#   docker build -f infra/docker/worker-cpu.Dockerfile -t hyperposter-worker:cpu .
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

# --- build: install the workspace and generate the Prisma client (ORT's CPU binaries ship in its package)
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
# The root's `node` pin (a registry download for dev machines) is not installed:
# the image's own Node 24 runs everything, so its dangling bin link goes.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && rm -f node_modules/.bin/node \
 && npm run db:generate

# --- runtime
FROM ${NODE_IMAGE} AS runtime
WORKDIR /app
COPY --from=build --chown=1000:1000 /app /app
ENV NODE_ENV=production \
    HYPERPOSTER_ORT_PROVIDER=cpu
# uid 1000 is the image's "node" user.
USER 1000:1000
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=120s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "apps/worker/src/main.ts"]
