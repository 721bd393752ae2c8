# syntax=docker/dockerfile:1
# The GPU worker: CUDA 12 + cuDNN runtime, Node 24, onnxruntime-node with its
# CUDA execution provider. Build from the repository root:
#   docker build -f infra/docker/worker-gpu.Dockerfile -t hyperposter-worker:gpu .
ARG NODE_IMAGE=node:24.21.0-bookworm-slim
ARG CUDA_IMAGE=nvidia/cuda:12.8.1-cudnn-runtime-ubuntu24.04

# --- build: install the workspace, generate the Prisma client, fetch ORT's CUDA libraries
FROM ${NODE_IMAGE} AS build
WORKDIR /app
COPY . .
# Install scripts are skipped and the two that matter run by name: the Prisma
# client, and onnxruntime-node's CUDA 12 download (the one place it is allowed).
# The root's `node` pin (a registry download for dev machines) is not installed:
# the image's own Node 24 runs everything, so its dangling bin link goes.
RUN npm ci --ignore-scripts --no-audit --no-fund \
 && rm -f node_modules/.bin/node \
 && npm run db:generate \
 && cd node_modules/onnxruntime-node \
 && ONNXRUNTIME_NODE_INSTALL=cuda12 node ./script/install

# --- runtime: CUDA + cuDNN libraries, the Vulkan loader (webgpu provider), Node 24
FROM ${CUDA_IMAGE} AS runtime
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libvulkan1 ca-certificates \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /usr/local/bin/node /usr/local/bin/node
WORKDIR /app
COPY --from=build --chown=1000:1000 /app /app
ENV NODE_ENV=production \
    HYPERPOSTER_ORT_PROVIDER=cuda \
    NVIDIA_DRIVER_CAPABILITIES=compute,utility,graphics
# uid 1000 (the image's "ubuntu" user) owns the EFS access points' folders.
USER 1000:1000
EXPOSE 9464
HEALTHCHECK --interval=30s --timeout=5s --start-period=300s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:9464/readyz').then(r => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
CMD ["node", "--import", "tsx", "apps/worker/src/main.ts"]
